"""Demo work programmes: Cần Thơ's commissions in 2020, so that the roll-up of the city as of
30/06/2020 reads "60/85", as seed article 000 reports ("hoàn thành 60/85 nhiệm vụ, nhóm nhiệm vụ
theo chương trình công tác đề ra từ đầu năm và nhiệm vụ đột xuất").

The figure is not stored anywhere: it comes from real tasks and progress updates written through
the services, spread over the city commission and its nine district commissions.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import transaction

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.programmes import services
from tuyengiao.programmes.choices import TaskCategory, TaskOrigin, TaskStatus
from tuyengiao.programmes.models import Programme

YEAR = 2020
D = dt.date

# The city's own programme: (group title, category, [(task title, deadline)]) — 16 planned leaf
# tasks due in the first half, 5 due in the second; with 3 ad-hoc tasks and the task it hands
# down, 20 of its own count in the first half.
CITY_GROUPS = [
    (
        "Tham mưu cấp ủy",
        TaskCategory.ADVISORY,
        [
            (
                "Tham mưu Ban Thường vụ Thành ủy kế hoạch tuyên truyền đại hội Đảng bộ thành phố lần thứ XV",
                D(2020, 2, 28),
            ),
            ("Tham mưu sơ kết 5 năm thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị", D(2020, 4, 30)),
            (
                "Tham mưu triển khai chuyên đề năm 2020 về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                D(2020, 3, 31),
            ),
            (
                "Tham mưu báo cáo tình hình tư tưởng cán bộ, đảng viên 6 tháng đầu năm",
                D(2020, 6, 15),
            ),
            ("Tham mưu tổng kết công tác tuyên giáo năm 2020", D(2020, 12, 15)),
        ],
    ),
    (
        "Thông tin, tuyên truyền",
        TaskCategory.PROPAGANDA,
        [
            ("Tuyên truyền kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam", D(2020, 2, 3)),
            ("Tuyên truyền phòng, chống dịch COVID-19", D(2020, 4, 30)),
            ("Tuyên truyền kỷ niệm 130 năm Ngày sinh Chủ tịch Hồ Chí Minh", D(2020, 5, 19)),
            ("Tổ chức hội nghị báo cáo viên thành phố hằng tháng", D(2020, 6, 30)),
            ("Giao ban báo chí định kỳ", D(2020, 6, 30)),
            ("Tuyên truyền kỷ niệm 75 năm Cách mạng Tháng Tám và Quốc khánh 2/9", D(2020, 9, 2)),
        ],
    ),
    (
        "Đào tạo, bồi dưỡng",
        TaskCategory.TRAINING,
        [
            ("Bồi dưỡng nghiệp vụ cho đội ngũ báo cáo viên, tuyên truyền viên", D(2020, 5, 31)),
            ("Tập huấn công tác tuyên giáo cho cán bộ cấp cơ sở", D(2020, 6, 30)),
            ("Bồi dưỡng lý luận chính trị cho đảng viên mới", D(2020, 10, 31)),
        ],
    ),
    (
        "Khoa giáo; văn hóa, văn nghệ",
        TaskCategory.CULTURE,
        [
            ("Theo dõi, hướng dẫn công tác khoa giáo trên địa bàn", D(2020, 6, 30)),
            ("Tổ chức cuộc thi sáng tác văn học nghệ thuật chào mừng đại hội Đảng", D(2020, 6, 30)),
            ("Hướng dẫn xây dựng đời sống văn hóa ở khu dân cư", D(2020, 4, 15)),
            ("Tổng kết cuộc vận động sáng tác văn học nghệ thuật", D(2020, 11, 30)),
        ],
    ),
    (
        "Lịch sử đảng bộ",
        TaskCategory.PARTY_HISTORY,
        [
            ("Biên soạn lịch sử Đảng bộ thành phố giai đoạn 2010–2020 (bản thảo)", D(2020, 6, 30)),
            ("Hướng dẫn các quận, huyện biên soạn lịch sử đảng bộ", D(2020, 3, 31)),
            ("Xuất bản lịch sử Đảng bộ thành phố", D(2020, 12, 31)),
        ],
    ),
]
CITY_AD_HOC = [
    (
        "Tuyên truyền chủ trương giãn cách xã hội theo Chỉ thị 16/CT-TTg",
        D(2020, 4, 1),
        D(2020, 4, 30),
    ),
    (
        "Nắm tình hình tư tưởng nhân dân trong thời gian giãn cách xã hội",
        D(2020, 4, 1),
        D(2020, 5, 15),
    ),
    ("Tuyên truyền kết quả phòng, chống hạn mặn", D(2020, 3, 10), D(2020, 4, 30)),
]
HANDED_DOWN = ("Tuyên truyền đại hội đảng bộ cấp huyện, nhiệm kỳ 2020–2025", D(2020, 6, 30))
DISTRICT_TASKS = [
    ("Tham mưu kế hoạch học tập chuyên đề năm 2020", TaskCategory.ADVISORY, D(2020, 3, 31)),
    ("Tổ chức hội nghị báo cáo viên quận, huyện", TaskCategory.PROPAGANDA, D(2020, 6, 30)),
    ("Tuyên truyền phòng, chống dịch COVID-19 ở cơ sở", TaskCategory.PROPAGANDA, D(2020, 5, 31)),
    ("Báo cáo tình hình tư tưởng cán bộ, đảng viên", TaskCategory.ADVISORY, D(2020, 6, 20)),
    ("Bồi dưỡng tuyên truyền viên cơ sở", TaskCategory.TRAINING, D(2020, 6, 30)),
    ("Hướng dẫn biên soạn lịch sử đảng bộ xã, phường", TaskCategory.PARTY_HISTORY, D(2020, 6, 30)),
    ("Sơ kết công tác tuyên giáo 6 tháng đầu năm", TaskCategory.ADVISORY, D(2020, 6, 25)),
]
DISTRICT_AD_HOC = ("Tuyên truyền phòng, chống hạn mặn ở cơ sở", D(2020, 3, 15), D(2020, 4, 30))

# How many first-half tasks each commission had done by 30/06/2020 (the rest are in progress,
# not started or late). City: 15 of its 20; the nine districts: 38 of their 56 own tasks and 7 of
# the 9 handed-down ones. 15 + 38 + 7 = 60 of 20 + 56 + 9 = 85.
CITY_DONE = 15
DISTRICT_OWN_TASKS = [7, 6, 6, 6, 6, 6, 6, 6, 7]  # first-half tasks per district (incl. one ad-hoc)
DISTRICT_OWN_DONE = [5, 4, 4, 4, 5, 4, 4, 4, 4]
HANDED_DOWN_DONE = 7


def _progress(operator, task, *, done: bool, index: int) -> None:
    """A realistic timeline: started, then done (or still in progress / not started)."""
    start = max(task.entered_on, D(2020, 1, 15))
    if index % 5 == 4 and not done:
        return  # not started yet
    services.task_progress_add(
        actor=operator,
        task=task,
        status=TaskStatus.IN_PROGRESS,
        date=start,
        note="Đang triển khai.",
    )
    if done:
        finished = min(task.due_date, D(2020, 6, 30))
        services.task_progress_add(
            actor=operator,
            task=task,
            status=TaskStatus.DONE,
            date=max(finished - dt.timedelta(days=index % 7), start),
            note="Đã hoàn thành theo kế hoạch.",
        )


@transaction.atomic
def demo_programmes_seed(operator) -> bool:
    """Creates the 2020 programmes of Cần Thơ unless they exist; returns whether it did."""
    city = OrgUnit.objects.get(code="P-92")
    if Programme.objects.filter(unit=city, year=YEAR).exists():
        return False
    districts = list(OrgUnit.objects.filter(parent=city, kind="commission").order_by("path"))
    programme = services.programme_create(
        actor=operator,
        unit=city,
        year=YEAR,
        title="Chương trình công tác năm 2020 của Ban Tuyên giáo Thành ủy",
    )
    first_half = []
    for g_number, (group_title, category, tasks) in enumerate(CITY_GROUPS, start=1):
        group = services.task_create(
            actor=operator,
            programme=programme,
            title=group_title,
            category=category,
            number=str(g_number),
        )
        for t_number, (title, deadline) in enumerate(tasks, start=1):
            task = services.task_create(
                actor=operator,
                programme=programme,
                title=title,
                category=category,
                parent=group,
                number=f"{g_number}.{t_number}",
                deadline=deadline,
                source="Chương trình công tác năm 2020",
            )
            if deadline <= D(2020, 6, 30):
                first_half.append(task)
    for n, (title, entered, deadline) in enumerate(CITY_AD_HOC, start=1):
        first_half.append(
            services.task_create(
                actor=operator,
                programme=programme,
                title=title,
                category=TaskCategory.PROPAGANDA,
                origin=TaskOrigin.AD_HOC,
                number=f"ĐX{n}",
                deadline=deadline,
                entered_on=entered,
            )
        )
    parent_task = services.task_create(
        actor=operator,
        programme=programme,
        title=HANDED_DOWN[0],
        category=TaskCategory.PROPAGANDA,
        number="6",
        deadline=HANDED_DOWN[1],
        source="Kế hoạch của Ban Thường vụ Thành ủy",
    )
    # The city hands the party-congress task down to its districts; its own copy is the parent.
    copies = services.task_hand_down(
        actor=operator, task=parent_task, recipients=districts, on=D(2020, 1, 10)
    )
    first_half.append(parent_task)
    for index, task in enumerate(first_half):
        _progress(operator, task, done=index < CITY_DONE, index=index)
    for index, copy in enumerate(copies):
        _progress(operator, copy, done=index < HANDED_DOWN_DONE, index=index)

    for district, own_count, done_count in zip(
        districts, DISTRICT_OWN_TASKS, DISTRICT_OWN_DONE, strict=True
    ):
        dp = copies[0].programme.__class__.objects.get(unit=district, year=YEAR)
        tasks = []
        plan = list(itertools.islice(itertools.cycle(DISTRICT_TASKS), own_count - 1))
        for number, (title, category, deadline) in enumerate(plan, start=1):
            tasks.append(
                services.task_create(
                    actor=operator,
                    programme=dp,
                    title=title,
                    category=category,
                    number=str(number),
                    deadline=deadline,
                )
            )
        title, entered, deadline = DISTRICT_AD_HOC
        tasks.append(
            services.task_create(
                actor=operator,
                programme=dp,
                title=title,
                origin=TaskOrigin.AD_HOC,
                category=TaskCategory.PROPAGANDA,
                number="ĐX1",
                deadline=deadline,
                entered_on=entered,
            )
        )
        services.task_create(
            actor=operator,
            programme=dp,
            title="Tổng kết công tác tuyên giáo năm 2020",
            category=TaskCategory.ADVISORY,
            number=str(own_count + 1),
            deadline=D(2020, 12, 15),
        )
        for index, task in enumerate(tasks):
            _progress(operator, task, done=index < done_count, index=index)
    return True
