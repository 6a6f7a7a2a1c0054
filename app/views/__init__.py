"""Windows, dialogs and widgets. Views never call Graph directly."""
