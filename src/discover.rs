//! Discover: the graph folder → its page files and assets (skeleton).
