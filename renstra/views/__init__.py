"""Views of the plan core, one module per area; each module exports `urlpatterns`."""
