"""Everything that talks Microsoft Graph. Pure Python: nothing under app.graph imports Qt."""
