from django.urls import path

from awareness import views

app_name = "awareness"
urlpatterns = [
    path("", views.index, name="index"),
    path("starten/", views.start, name="start"),
    path("toets/<int:pk>/", views.attempt, name="attempt"),
    path("toets/<int:pk>/indienen/", views.submit, name="submit"),
]
