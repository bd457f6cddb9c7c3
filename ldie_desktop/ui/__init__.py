"""All of Qt: the desktop app. Only this package imports PySide6."""
