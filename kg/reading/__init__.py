"""Reading helpers for documents nobody curated: what kind of page it is, which lines are page
furniture, and text out of PDF and HTML with offsets into the original file."""
