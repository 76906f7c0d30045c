from django.urls import path

from projects import views, views_closure

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("nieuw/", views.project_create, name="create"),
    path("<int:number>/", views.project_detail, name="detail"),
    path("<int:number>/geschiedenis/", views.project_history, name="history"),
    path("<int:number>/instellingen/", views.project_settings, name="settings"),
    path("<int:number>/status/", views.project_change_status, name="change_status"),
    path("<int:number>/projectkaart.pdf", views.project_card, name="card"),
    path("<int:number>/bijlagen/<int:kind>/", views.bijlage_detail, name="bijlage"),
    path("<int:number>/bijlagen/<int:kind>/opslaan/", views.bijlage_save, name="bijlage_save"),
    path(
        "<int:number>/bijlagen/<int:kind>/definitief/",
        views.bijlage_finalize,
        name="bijlage_finalize",
    ),
    path("<int:number>/team/nieuw/", views.team_add, name="team_add"),
    path("<int:number>/team/<int:member_id>/", views.team_change, name="team_change"),
    path("<int:number>/team/<int:member_id>/verwijderen/", views.team_remove, name="team_remove"),
    path("<int:number>/bestanden/nieuw/", views.file_add, name="file_add"),
    path(
        "<int:number>/bestanden/documenten/<int:document_id>/",
        views.file_document,
        name="file_document",
    ),
    path("<int:number>/diensten/nieuw/", views.service_add, name="service_add"),
    path("<int:number>/publicaties/nieuw/", views.publication_add, name="publication_add"),
    path(
        "<int:number>/afsluiting-aanvragen/",
        views_closure.project_closure_request,
        name="closure_request",
    ),
    path("<int:number>/kopieren/", views_closure.project_copy_view, name="copy"),
]
