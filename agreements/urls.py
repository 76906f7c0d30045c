from django.urls import path

from agreements import views

app_name = "agreements"
urlpatterns = [
    path("actie/<int:pk>/", views.sign_page, name="action"),
    path("actie/<int:pk>/ondertekenen/", views.sign, name="sign"),
    path("actie/<int:pk>/niet-ondertekenen/", views.decline, name="decline"),
    path("actie/<int:pk>/overeenkomst/", views.action_pdf, name="action_pdf"),
    path("<int:pk>/getekend/", views.signed_pdf, name="signed_pdf"),
]
