"""Reading articles: text, JSON, JSON Lines and saved pages, and the boilerplate around them."""
