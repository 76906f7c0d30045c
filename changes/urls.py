from django.urls import path

from changes import views

app_name = "changes"
urlpatterns = [
    path(
        "<int:number>/wijzigingsverzoeken/nieuw/",
        views.change_request_new,
        name="change_new",
    ),
    path(
        "<int:number>/wijzigingsverzoeken/nieuw/<slug:change_kind>/",
        views.change_request_ask,
        name="change_ask",
    ),
    path("<int:number>/outputcontrole/nieuw/", views.output_check_new, name="output_new"),
    path(
        "<int:number>/outputcontrole/<int:check_id>/formulier/",
        views.output_check_document,
        name="output_document",
    ),
    path(
        "<int:number>/publicaties/<int:publication_id>/afronden/",
        views.publication_complete_view,
        name="publication_complete",
    ),
]
