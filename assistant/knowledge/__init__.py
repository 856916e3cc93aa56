"""The knowledge base: load documents, split them into passages, embed them and keep them in Chroma."""
