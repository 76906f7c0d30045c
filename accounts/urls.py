from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("mijn-gegevens/", views.my_details, name="my_details"),
    path(
        "over-microdata-services/account-aanvragen/", views.request_account, name="request_account"
    ),
    path("accountaanvragen/", views.manage_requests, name="manage_requests"),
]
