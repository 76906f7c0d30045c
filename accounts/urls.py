from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("over-microdata-services/", views.about, name="about"),
    path("mijn-gegevens/", views.my_details, name="my_details"),
    path("mijn-gegevens/aanpassen/", views.my_details_edit, name="my_details_edit"),
    path("mijn-gegevens/downloaden/", views.my_data_download, name="my_data_download"),
    path("personen/<int:pk>/foto/", views.person_photo, name="person_photo"),
    path(
        "over-microdata-services/account-aanvragen/", views.request_account, name="request_account"
    ),
    path(
        "over-microdata-services/account-aanvragen/verzonden/",
        views.request_account_done,
        name="request_account_done",
    ),
    path("accountaanvragen/", views.manage_requests, name="manage_requests"),
    path("accountaanvragen/<int:pk>/goedkeuren/", views.approve_request, name="approve_request"),
    path("accountaanvragen/<int:pk>/afwijzen/", views.reject_request, name="reject_request"),
    path("contactpersonen/", views.contact_persons, name="contact_persons"),
    path(
        "contactpersonen/aanmaken/",
        views.contact_person_create_view,
        name="contact_person_create",
    ),
    path(
        "contactpersonen/<int:pk>/uitnodigen/",
        views.contact_person_invite,
        name="contact_person_invite",
    ),
    path("uitnodiging/<uidb64>/<token>/", views.invitation, name="invitation"),
]
