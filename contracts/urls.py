from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("mein-bereich/vertraege/", views.contract_list, name="contract_list"),
    path("mein-bereich/vertraege/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("mein-bereich/berichte/<int:pk>/", views.report_detail, name="report_detail"),
    path("mein-bereich/berichte/<int:pk>/einreichen/", views.report_submit, name="report_submit"),
]
