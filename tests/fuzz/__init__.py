"""The fuzz campaign (issue 16 item 1): ``python3 -m tests.fuzz --cases N --seed S``."""
