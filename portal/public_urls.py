from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("klantenservice/", views.customer_service, name="customer_service"),
    path("cookies/", views.cookies, name="cookies"),
    path("cookies/gezien/", views.cookie_notice_seen, name="cookie_notice_seen"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("privacyverklaring/", views.privacy, name="privacy"),
]
