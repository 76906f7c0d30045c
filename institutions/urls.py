from django.urls import path

from institutions import views

app_name = "institutions"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("personen/", views.people, name="people"),
    path("personen/export.csv", views.people_csv, name="people_csv"),
    path("personen/<int:pk>/uit-dienst/", views.leave, name="leave"),
    path("personen/<int:pk>/uit-dienst/ongedaan-maken/", views.leave_undo, name="leave_undo"),
    path("projecten/", views.projects, name="projects"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/intrekken/", views.api_token_revoke_view, name="api_token_revoke"),
    path("api/", views.api_docs, name="api_docs"),
]
