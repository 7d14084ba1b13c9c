"""Closing time: whoever still queues goes home, and who gives up is recorded as what they were."""

from types import SimpleNamespace

from simulator.model.onestop_day_close import send_home
from simulator.model.onestop_outcomes import GAVE_UP, RETURNED


class _Pool:
    """A counter pool whose queue, sent home, gives up entirely."""

    def __init__(self, queue):
        self.queue = queue

    def close_day(self, now, gives_up):
        return [dossier for dossier in self.queue if gives_up()]


def test_who_gives_up_bringing_a_supplement_withdraws_and_a_new_walkin_gave_up():
    """Both give up at closing: the one bringing a supplement withdraws, the other gave up."""
    bringing, new = SimpleNamespace(supplements=1), SimpleNamespace(supplements=0)
    finished = []
    recorder = SimpleNamespace(
        finish=lambda dossier, outcome, at: finished.append((dossier, outcome))
    )
    model = SimpleNamespace(
        scenario=SimpleNamespace(reception=SimpleNamespace(give_up_share=1.0)),
        u_give_up=lambda: 0.5,
        recorder=recorder,
    )
    site = SimpleNamespace(pools=[_Pool([bringing, new])], gave_up=0)
    send_home(model, site, 1020.0)
    assert finished == [(bringing, RETURNED), (new, GAVE_UP)]
    assert site.gave_up == 1
