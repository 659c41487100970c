from django.urls import path

from tuyengiao.core import views

app_name = "core"
urlpatterns = [path("", views.audit_list_view, name="audit_list")]
