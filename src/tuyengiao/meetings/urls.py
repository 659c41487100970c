from django.urls import path

from tuyengiao.meetings import views, views_calendar

app_name = "meetings"
urlpatterns = [
    # Meetings (views.py)
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("<int:pk>/conclusions/", views.conclusion_add, name="conclusion_add"),
    path(
        "<int:pk>/conclusions/<int:conclusion_pk>/delete/",
        views.conclusion_delete,
        name="conclusion_delete",
    ),
    path(
        "<int:pk>/conclusions/<int:conclusion_pk>/tasks/",
        views.conclusion_tasks,
        name="conclusion_tasks",
    ),
]

# Calendar and iCal feed (views_calendar.py)
urlpatterns += [
    path("calendar/", views_calendar.calendar_week, name="calendar_week"),
    path("calendar/month/", views_calendar.calendar_month, name="calendar_month"),
    path("ical/", views_calendar.calendar_feed_settings, name="calendar_feed_settings"),
    path("ical/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
]
