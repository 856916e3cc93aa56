"""The patient chat: conversation memory, the assistant service, transcripts and the HTTP routes."""
