from django.urls import path

from messaging import views

app_name = "messaging"
urlpatterns = [
    path("projecten/<int:number>/berichten/", views.project_messages, name="project"),
    path(
        "projecten/<int:number>/berichten/versturen/",
        views.project_message_send,
        name="project_send",
    ),
    path("projecten/<int:number>/wijzigingen/", views.project_changes, name="changes"),
    path("klantenservice/vragen/", views.question_list, name="questions"),
    path("klantenservice/vragen/nieuw/", views.question_new, name="question_new"),
    path("klantenservice/vragen/<int:pk>/", views.question_detail, name="question"),
    path("klantenservice/vragen/<int:pk>/antwoorden/", views.question_reply, name="question_reply"),
    path("berichten/bijlagen/<int:pk>/", views.attachment, name="attachment"),
]
