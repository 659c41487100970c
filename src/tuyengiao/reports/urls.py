from django.urls import path

from tuyengiao.reports import views
from tuyengiao.reports.views_files import urlpatterns_files

app_name = "reports"
# A plain list: the file pages (DOCX/XLSX export, XLSX import) add their paths to it.
urlpatterns = [
    path("", views.index, name="index"),
    path("open/", views.submission_open, name="submission_open"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path("forms/", views.form_list, name="form_list"),
    path("forms/<int:pk>/", views.form_detail, name="form_detail"),
    path("forms/<int:pk>/edit/", views.form_update, name="form_update"),
    path("forms/<int:pk>/sections/", views.section_add, name="section_add"),
    path("forms/<int:pk>/indicators/", views.form_indicator_add, name="form_indicator_add"),
    path("forms/<int:pk>/rules/", views.form_rule_add, name="form_rule_add"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/approve/", views.submission_approve, name="submission_approve"),
    path("submissions/<int:pk>/return/", views.submission_return, name="submission_return"),
    path("submissions/<int:pk>/reopen/", views.submission_reopen, name="submission_reopen"),
    path("submissions/<int:pk>/preview/", views.submission_preview, name="submission_preview"),
    path("rollup/", views.rollup, name="rollup"),
    *urlpatterns_files,
]
