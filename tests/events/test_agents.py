"""CAMEO agents: reading a PETRARCH agents dictionary and composing codes."""

from __future__ import annotations

from pathlib import Path

from presslens.events.agents import AgentCode, compose, load_agents

AGENTS = """<!-- test agents -->
!PERSON! = MAN, MEN, WOMAN, WOMEN
PRESIDENT [~GOV]
FOREIGN_MINISTER [~GOVFRM]
POLICE {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
MSF {} [NGO~]
CONGRESS!PERSON! [~LEG]
AUTHORITY  [~GOV] # a comment
"""


def test_load_agents(tmp_path: Path) -> None:
    path = tmp_path / "a.agents.txt"
    path.write_text(AGENTS, encoding="utf-8")
    agents = load_agents(path)
    assert agents.phrases[("PRESIDENT",)] == AgentCode("GOV")
    assert agents.phrases[("PRESIDENTS",)] == AgentCode("GOV")
    assert ("POLICES",) not in agents.phrases
    assert agents.phrases[("ATTORNEYS", "GENERAL")] == AgentCode("GOV")
    assert agents.phrases[("AUTHORITIES",)] == AgentCode("GOV")
    assert agents.phrases[("CONGRESSWOMAN",)] == AgentCode("LEG")
    assert agents.phrases[("MSF",)] == AgentCode("NGO", prefix=True)
    found = agents.find(["THE", "ARNOR", "FOREIGN", "MINISTER", "MET", "POLICE"])
    assert [(s, e, c.code) for s, e, c in found] == [(2, 4, "GOVFRM"), (5, 6, "COP")]


def test_compose() -> None:
    assert compose("ARN", [AgentCode("GOV")]) == "ARNGOV"
    assert compose("USAGOV", [AgentCode("GOV")]) == "USAGOV"
    assert compose("ARN", [AgentCode("NGO", True), AgentCode("GOV")]) == "NGOARNGOV"
    assert compose(None, [AgentCode("GOV")]) == "---GOV"
    assert compose("HGWGOVMED", [AgentCode("GOVMED")]) == "HGWGOVMED"
