"""Who is waiting for adult social care at the reference date (issue 11): the planted truth
behind the assessments and reviews feeds.

- awaiting an assessment: a living case record with an assessment requested before the
  reference date and not completed by it (asc_activity.assessments writes one open
  assessment step for each; every other step was completed before the date);
- review overdue: a record with an open review (SocialCare.rec_open_review) whose due date
  has passed, or whose last review was more than 12 months before the reference date
  (asc_activity.reviews writes the dates; every other open review is due after the date
  and was last reviewed within 12 months, or never).

Hospital waiting-list patients are planted more often awaiting an assessment or overdue for
a review (the protocol's "multiple disadvantage": conditions that deteriorate while people
wait); a current record may gain an open, overdue review, which leaves it current.
"""
from __future__ import annotations

import numpy as np

from python_helpers.synth.social_care import SocialCare

WAITS = {
    "awaiting_assessment": 0.12,                 # of living case records
    "awaiting_assessment_if_waiting_list": 0.30,  # of living records of waiting-list patients
    "review_overdue": 0.60,                      # of open reviews
    "overdue_review_added_if_waiting_list": 0.35,  # of current records of waiting-list patients
    "overdue_by_due_date": 0.6,                  # of overdue reviews; the rest by last review
}
# How the open steps look in the assessments feed: status, with or without a start.
OPEN_ASSESSMENT_STATUSES = {"Started": 0.6, "Incoming": 0.25, "Proposed": 0.15}


def plant(rng, sc: SocialCare, waiting_list: np.ndarray) -> None:
    """Set sc.rec_awaiting_assessment, sc.rec_review_overdue and sc.rec_overdue_by_due
    (per case record). `waiting_list`: per person, on the hospital waiting list."""
    n = len(sc.rec_ind)
    alive = sc.rec_death_day < 0
    p = np.where(waiting_list[sc.rec_person], WAITS["awaiting_assessment_if_waiting_list"],
                 WAITS["awaiting_assessment"])
    sc.rec_awaiting_assessment = alive & (rng.random(n) < p)
    # a current record of a waiting-list patient without an open review may be given an
    # overdue one (its status stays current: it already has something open)
    given = (sc.rec_current & ~sc.rec_open_review & waiting_list[sc.rec_person]
             & (rng.random(n) < WAITS["overdue_review_added_if_waiting_list"]))
    sc.rec_review_overdue = (sc.rec_open_review & (rng.random(n) < WAITS["review_overdue"])) | given
    sc.rec_open_review = sc.rec_open_review | given
    sc.rec_overdue_by_due = sc.rec_review_overdue & (rng.random(n) < WAITS["overdue_by_due_date"])
