"""Views of the monthly report, month close, dashboard and outputs."""
