from django.urls import path

from projects.views import bijlagen, closure, detail, files, listing, settings_status, team

app_name = "projects"
urlpatterns = [
    path("", listing.project_list, name="list"),
    path("nieuw/", listing.project_create, name="create"),
    path("<int:number>/", detail.project_detail, name="detail"),
    path("<int:number>/geschiedenis/", detail.project_history, name="history"),
    path("<int:number>/instellingen/", settings_status.project_settings, name="settings"),
    path("<int:number>/status/", settings_status.project_change_status, name="change_status"),
    path("<int:number>/projectkaart.pdf", detail.project_card, name="card"),
    path("<int:number>/bijlagen/<int:kind>/", bijlagen.bijlage_detail, name="bijlage"),
    path("<int:number>/bijlagen/<int:kind>/opslaan/", bijlagen.bijlage_save, name="bijlage_save"),
    path(
        "<int:number>/bijlagen/<int:kind>/definitief/",
        bijlagen.bijlage_finalize,
        name="bijlage_finalize",
    ),
    path("<int:number>/team/nieuw/", team.team_add, name="team_add"),
    path("<int:number>/team/<int:member_id>/", team.team_change, name="team_change"),
    path("<int:number>/team/<int:member_id>/verwijderen/", team.team_remove, name="team_remove"),
    path("<int:number>/bestanden/nieuw/", files.file_add, name="file_add"),
    path(
        "<int:number>/bestanden/documenten/<int:document_id>/",
        files.file_document,
        name="file_document",
    ),
    path("<int:number>/diensten/nieuw/", files.service_add, name="service_add"),
    path("<int:number>/publicaties/nieuw/", files.publication_add, name="publication_add"),
    path(
        "<int:number>/afsluiting-aanvragen/",
        closure.project_closure_request,
        name="closure_request",
    ),
    path("<int:number>/kopieren/", closure.project_copy_view, name="copy"),
]
