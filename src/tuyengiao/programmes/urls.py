from django.urls import path

from tuyengiao.programmes import views
from tuyengiao.programmes.views_xlsx import urlpatterns_xlsx

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("new/", views.programme_create, name="programme_create"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/approve/", views.programme_approve, name="programme_approve"),
    path("<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/progress/", views.task_progress_add, name="task_progress_add"),
    path("tasks/<int:pk>/edit/", views.task_update, name="task_update"),
    path(
        "tasks/<int:pk>/propagate/",
        views.task_deadline_propagate,
        name="task_deadline_propagate",
    ),
    path("tasks/<int:pk>/hand-down/", views.task_hand_down, name="task_hand_down"),
    path(
        "tasks/<int:pk>/updates/<int:update_pk>/attachment/",
        views.taskupdate_attachment,
        name="taskupdate_attachment",
    ),
    path("inbox/", views.task_inbox, name="task_inbox"),
    path("rollup/", views.task_rollup, name="task_rollup"),
    path("rollup/<int:unit_pk>/", views.task_rollup, name="task_rollup"),
    *urlpatterns_xlsx,
]
