"""URLs of the participatory flow (namespace "participation", mounted at /partisipasi/)."""

from . import views_comments, views_manage, views_people, views_public

app_name = "participation"

urlpatterns = (
    views_public.urlpatterns
    + views_manage.urlpatterns
    + views_people.urlpatterns
    + views_comments.urlpatterns
)
