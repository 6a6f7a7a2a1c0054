"""Qt item models over plain data. Models hold no widgets and do no I/O."""
