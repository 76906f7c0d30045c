from django.urls import path

from requests_inbox import views

app_name = "requests_inbox"
urlpatterns = [
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/ondertekenen/", views.sign_user_declaration, name="sign"),
    path("<int:pk>/uploaden/", views.upload_document, name="upload"),
    path("<int:pk>/beantwoorden/", views.answer_question, name="answer"),
    path("<int:pk>/akkoord/", views.agree_costs, name="agree"),
    path("<int:pk>/niet-akkoord/", views.disagree_costs, name="disagree"),
    path("<int:pk>/formulier/", views.blank_form, name="blank_form"),
    path("<int:pk>/document/", views.uploaded_document, name="uploaded_document"),
    path("<int:pk>/bijlagen/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/kostenoverzicht/", views.cost_overview_pdf, name="cost_pdf"),
    path(
        "<int:pk>/kostenoverzicht/download/",
        views.cost_overview_pdf_download,
        name="cost_pdf_download",
    ),
]
