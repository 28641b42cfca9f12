"""Crisis screening: an explainable explicit-language layer with a C-SSRS-like severity.

``screen(text)`` returns an Assessment: ``severity`` (none, low, moderate, high, imminent),
``score`` (0..1), ``evidence`` (category and character span of each finding, never the
words) and ``layer`` (which layer decided). The explicit layer reads sentence by sentence
and sets aside what is not the writer's own present risk: negations ("I would never hurt
myself"), idioms and jokes ("this exam is killing me", "...kill myself lol"), quotations
and lyrics, clinical discussion, recovery told in the past tense, and concern for someone
else (its own category, ``third_person``, which never raises the writer's severity).

Severity follows the Columbia scale loosely:
  low       passive wish to be dead or not wake up
  moderate  active ideation without method, plan or intent
  high      a method, plan or intent, or recent self-harm
  imminent  intent stated for now, means at hand, or a goodbye message
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITIES = ("none", "low", "moderate", "high", "imminent")
RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
SCORES = {"none": 0.0, "low": 0.35, "moderate": 0.6, "high": 0.85, "imminent": 0.97}
ALERT_AT = "moderate"

# ---------------------------------------------------------------- what counts as risk

_SELF = r"(?:my\s*self|myself|meself|my\s+own\s+self)"
_KILL = rf"(?:kill(?:ing|ed)?|kil|end(?:ing)?|off(?:ing)?)\s+{_SELF}"
_END_LIFE = r"(?:end(?:ing)?|take|taking|took)\s+(?:my|my\s+own)\s+(?:life|lives)"

PASSIVE = [
    r"\bwish(?:ed)?\s+(?:i|I)\s+(?:was|were|could\s+be)\s+dead\b",
    r"\bwish\s+i\s+(?:could|would|did\s*n[o']?t)\s+(?:just\s+)?(?:not\s+wake\s+up|never\s+wake\s+up|"
    r"disappear(?:\s+forever)?|stop\s+existing|fall\s+asleep\s+(?:and|&)\s+(?:never|not)\s+wake)",
    r"\bwish\s+i\s+(?:had\s*n[o']?t\s+been|was\s*n[o']?t|were\s*n[o']?t)\s+(?:born|alive|here)\b",
    r"\b(?:do\s*n[o']?t|dont|no\s+longer)\s+want\s+to\s+(?:be\s+alive|live|wake\s+up|exist|be\s+here"
    r"|go\s+on)\b",
    r"\b(?:would\s+be|are|is|be)\s+better\s+off\s+(?:dead|without\s+me)\b",
    r"\bbetter\s+off\s+dead\b",
    r"\bno\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|going\s+on|being\s+alive)\b",
    r"\b(?:tired|sick)\s+of\s+(?:living|being\s+alive|life\s+itself|existing)\b",
    r"\bwhat'?s\s+the\s+point\s+(?:of|in)\s+(?:living|being\s+alive|life|going\s+on)\b",
    r"\b(?:want|need)\s+(?:it\s+all|everything|this|the\s+pain)\s+to\s+(?:stop|end)\s+"
    r"(?:permanently|forever|for\s+good)\b",
    r"\b(?:hope|pray)\s+i\s+(?:do\s*n[o']?t|never)\s+wake\s+up\b",
    r"\bnot\s+wake\s+up\s+(?:tomorrow|in\s+the\s+morning|again)\b",
    r"\bnobody\s+would\s+(?:even\s+)?(?:notice|care|miss\s+me)\s+if\s+i\s+(?:was|were)\s+(?:gone|dead)\b",
    r"\b(?:i'?d|i\s+would)\s+rather\s+(?:be\s+dead|not\s+exist|not\s+be\s+here)\b",
]
PASSIVE += [
    r"\b(?:hop(?:e|es|ing)|wish(?:es|ing)?|pray\w*)\b[^.!?]{0,40}\b(?:don'?t|dont|won'?t|wouldn'?t|never|"
    r"not)\s+wake\s+up\b",
    r"\bnever\s+wake\s+up\b|\bsleep\s+forever\b|\bstay\s+asleep\b|\bnever\s+(?:come|get)\s+(?:back\s+)?out\b",
    r"\b(?:stop|cease)\s+(?:existing|being\s+a\s+person|to\s+exist)\b|\bnot\s+exist\b",
    r"\bnever\s+been\s+born\b|\bwish\w*\b[^.!?]{0,30}\b(?:fade|vanish|disappear|opt\s+out|skip\s+the\s+rest)",
    r"\b(?:wasn'?t|weren'?t)\s+around\s+anymore\b|\bwaiting\s+to\s+die\b",
    r"\bdeath\s+would\s+be\s+(?:a\s+)?(?:relief|peaceful|welcome)\b|\bto\s+be\s+gone\b",
    r"\b(?:if|when)\s+i\s+(?:died|die|got\s+sick\s+and\s+died)\b|\bdream\s+i\s+died\b",
    r"\bwish\w*\s+(?:a|the)\s+(?:bus|car|truck|train)\s+would\s+(?:just\s+)?hit\s+me\b",
    r"\b(?:didn'?t|wouldn'?t)\s+(?:care|mind|be\s+mad)\s+if\s+(?:a\s+(?:car|bus|truck)|(?:lightning|"
    r"something)\s+\w+\s+me|i\s+died)",
    r"\bcease\s+to\s+exist\b|\bhoped\s+something\s+would\s+go\s+wrong\b|\bend\s+date\b",
]
ACTIVE = [
    rf"\b{_KILL}\b",
    rf"\b{_END_LIFE}\b",
    r"\bsuicid(?:e|al|el|le)\b",
    r"\bcommit(?:ting)?\s+suicide\b",
    r"\b(?:want|wanted|wanna|going|gonna|need)\s+to\s+die\b",
    r"\b(?:want|wanna|going|gonna)\s+to\s+end\s+(?:it|it\s+all|everything|things)\b",
    r"\bend\s+it\s+all\b",
    r"\bthink(?:ing)?\s+(?:about|of)\s+(?:dying|death|not\s+being\s+here|ending\s+(?:it|things|"
    r"everything))\b",
    r"\bunalive\s+my\s*self\b",
]
SELF_HARM = [
    rf"\b(?:cut|cutting|cuts|burn(?:ed|t|ing)?|hurt(?:ing)?|harm(?:ed|ing)?|hit(?:ting)?|"
    rf"scratch(?:ed|ing)?|punch(?:ed|ing)?|starv(?:e|ed|ing))\s+{_SELF}\b",
    r"\bself[\s-]?harm(?:ed|ing)?\b",
    r"\b(?:overdos(?:e|ed|ing)|od'?d)\b",
    r"\brelaps(?:e|ed)\s+(?:on|with|into)\s+(?:cutting|self[\s-]?harm)\b",
    r"\b(?:the\s+)?(?:cuts|scars|burns)\s+on\s+my\s+(?:arms?|wrists?|legs?|thighs?|stomach)\b",
]
SELF_HARM += [
    r"\b(?:cut|cutting|carved|carving|slashed|burn(?:ed|t)|scratch(?:ed)?|scraped)\s+(?:into\s+)?"
    r"my\s+(?:arms?|wrists?|legs?|thighs?|stomach|hips?|skin|chest|ankles?)\b",
    r"\brelaps(?:e|ed|ing)\b[^.!?]{0,40}\b(?:cut|cutting|burn\w*|harm\w*)\b",
    r"\bcut\s+(?:again|deeper|deep|tonight|last\s+night|today)\b|\bcutting\s+again\b",
    r"\bcan'?t\s+stop\s+cutting\b|\bfresh\s+(?:cuts|scars|burns|wounds)\b",
    r"\b(?:hurt|burn\w*|hit|bang\w*|slam\w*|held|cut\w*|scratch\w*|bit|bite|biting|pick\w*|"
    r"punch\w*)\b[^.!?]{0,60}\bon\s+purpose\b",
    r"\buntil\s+(?:it|they|i|my\s+\w+)\s+(?:bled|bleed|bleeds|bruised)\b",
    r"\b(?:strangl|chok|suffocat)\w*\s+myself\b",
    r"\b(?:took|swallowed|taken|downed)\s+(?:like\s+)?(?:\d+|a\s+bunch\s+of|a\s+handful\s+of|extra|"
    r"too\s+many|all\s+(?:of\s+)?my|the\s+whole)\b[^.!?]{0,30}\b(?:pills|tablets|meds|bottle)\b",
]
PREPARATION = [
    r"\b(?:painless|quick(?:est)?|easi(?:est)?|best|surest|least\s+painful)\s+(?:way|ways|method|"
    r"methods)\s+to\s+(?:die|go|end\s+it|do\s+it)\b",
    r"\b(?:which|what)\s+method\b|\bpicked\s+a\s+method\b",
    r"\blethal\s+(?:dose|amount)\b",
    r"\bhow\s+many\s+\w+\s+(?:it\s+)?would\s+(?:it\s+)?take\b",
    r"\b(?:hang(?:ing)?|hanged)\s+myself\b|\b(?:tie|tying|tied)\s+(?:a|the)\s+noose\b|\bnoose\b",
    r"\b(?:saving|stockpil\w*|hoard\w*|collecting)\s+(?:up\s+)?(?:my\s+)?(?:\w+\s+)?(?:pills|"
    r"tablets|meds|medication|antidepressants|painkillers|insulin)\b",
    r"\b(?:after|when|once)\s+i'?m\s+gone\b",
    r"\bgiving\s+(?:away\s+)?(?:my|all\s+my)\s+(?:stuff|things|belongings)\b|\bgiving\s+away\s+my\b",
    r"\b(?:suicide|goodbye|farewell)\s+(?:note|letter)s?\b|\bnote\s+i'?ll\s+leave\b",
    r"\b(?:jump|jumping)\s+(?:off|from)\s+(?:the|a|my)\s+(?:\w+\s+){0,2}(?:bridge|roof|building|"
    r"balcony|cliff|ledge|overpass|garage)\b",
    r"\b(?:drive|driving|crash\w*)\s+(?:my\s+car\s+)?(?:into|off)\s+(?:a|the)\s+(?:\w+\s+)?(?:wall|"
    r"tree|river|bridge|cliff|truck|barrier)\b",
    r"\bcarbon\s+monoxide\b|\bin\s+front\s+of\s+(?:a|the)\s+(?:train|truck|bus)\b",
]
PREPARATION += [
    r"\b(?:looked\s+up|research\w*|googl\w*|checked|found\s+out|searched)\b[^.!?]{0,40}\b(?:which\s+"
    r"bridge|the\s+height|high\s+enough|roof\s+access|cliffs?|overlook|timetable|lethal|doses|how\s+"
    r"(?:long|much|many)\s+(?:it|of\s+my|would|until))",
    r"\broof\s+access\b|\bhigh\s+enough\b(?!\s+(?:grade|score|mark))",
    r"\b(?:wrote|writing|drafted|drafting)\s+my\s+note\b|\bwrote\s+a\s+note\s+today\b",
    r"\bletters?\s+(?:to|for)\s+(?:everyone|each\s+of)\b|\bfor\s+after\b|\bwhen\s+it'?s\s+time\b",
    r"\bwon'?t\s+be\s+needing\b|\bwon'?t\s+need\s+(?:it|them|anything)\b|\bwhere\s+i'?m\s+going\b",
    r"\bif\s+anything\s+happens\b|\bwho\s+gets\s+what\b|\bwant\s+to\s+be\s+found\s+in\b",
    r"\bnobody\s+would\s+find\s+me\b|\bnothing\s+keeping\s+me\s+here\b|\bloose\s+ends\b",
    r"\b(?:picked|chose|set)\s+a\s+(?:date|day)\b|\bthe\s+right\s+night\b|\bwhen\s+i'?m\s+ready\b",
    r"\b(?:where|how|when)\s+i'?d\s+do\s+it\b|\bdecided\s+i'?m\s+going\s+to\s+do\s+it\b",
    r"\b(?:i\s+)?have\s+a\s+plan\s+now\b|\bmy\s+plan\s+is\s+to\b|\bthought\s+it\s+through\b",
    r"\bbought\s+(?:a\s+|some\s+)?rope\b|\b(?:enough|counted\s+the)\s+(?:pills|meds|tablets)\b",
    r"\b(?:meds|pills|tablets)\s+saved\s+up\b|\bhiding\s+a\s+bottle\b|\bwhich\s+pills\b",
    r"\bthere'?s\s+enough\s+now\b|\bi\s+know\s+what\s+(?:it'?s|that'?s)\s+for\b",
    r"\bi\s+know\s+what\s+that\s+means\b|\bi\s+know\s+why\s+i\s+was\b",
    r"\bpractic\w*\s+tying\b|\brehears\w*\s+it\b|\bresearch\w*\s+methods?\b|\bwaiting\s+periods?\b",
    r"\bmemori[sz]ed\s+the\s+timetable\b|\bbeam\s+in\s+the\s+garage\b",
    r"\b(?:cleared|deleted)\s+my\s+(?:search\s+)?history\b",
]
SELF_HARM += [
    r"\brelapsed\b[^.!?]{0,30}(?:[.!?]\s*)?[^.!?]{0,30}\blong\s+sleeves\b",
    r"\buntil\s+my\s+\w+\s+(?:split|bled|bruised|broke)\b|\bwanted\s+it\s+to\s+hurt\b",
    r"\bhard\s+enough\s+to\s+(?:leave|bruise|bleed|draw\s+blood)\b",
]
IMMINENT_ACT = [
    r"\btonight'?s\s+the\s+night\b",
    r"\bi'?m\s+(?:doing|ending)\s+it\s+(?:tonight|today|now|right\s+now)\b|\bim\s+doing\s+it\s+tonight\b",
    r"\b(?:it'?s|its)\s+happening\s+(?:tonight|today|now)\b",
    r"\b(?:swallowed|took|taken)\s+(?:the\s+whole\s+bottle|all\s+(?:of\s+)?(?:my|the)\s+(?:pills|meds|"
    r"tablets)|the\s+pills)\b",
    r"\bi'?m\s+(?:at|on|sitting\s+on|standing\s+on)\s+(?:the\s+)?(?:edge\s+of\s+the\s+)?(?:bridge|"
    r"roof|rooftop|tracks|train\s+tracks|ledge|cliff)\b",
    r"\b(?:won'?t|not\s+going\s+to)\s+be\s+(?:here|writing|around|alive)\s+(?:tomorrow|again|after\s+"
    r"tonight|much\s+longer)\b",
    r"\blast\s+thing\s+i'?(?:ll|\s+will)\s+(?:ever\s+)?write\b",
    r"\bdon'?t\s+look\s+for\s+me\b|\bi'?m\s+already\s+gone\b",
    r"\b(?:rope|noose)\s+is\s+(?:tied|ready|up)\b",
    r"\b(?:car|engine)\s+is\s+running\s+in\s+the\s+(?:closed\s+)?garage\b",
]
IMMINENT_ACT += [
    r"\b(?:standing|sitting|i'?m|im)\s+(?:on|at)\s+(?:the\s+)?(?:top\s+of\s+the\s+|edge\s+of\s+the\s+)?"
    r"(?:bridge|overpass|ledge|roof|rooftop|parking\s+garage|tracks)\b",
    r"\b(?:already\s+|just\s+)?swallowed\s+(?:them|it|what\s+was\s+left|everything)\b",
    r"\btook\s+(?:everything|the\s+whole\s+strip|them\s+all)\b|\btaking\s+them\s+all\b",
    r"\bwashing\s+the\s+pills\s+down\b|\bthe\s+bottle\s+is\s+empty\b|\bengine\s+running\b",
    r"\b(?:gun|knife|blade|razor)\s+is\s+(?:on\s+the\s+table|in\s+my\s+hand|in\s+front\s+of\s+me)\b",
    r"\b(?:final|last)\s+(?:journal\s+)?entry\b|\blast\s+night\s+on\s+earth\b",
    r"\bgoodbye\s+(?:journal|post)\b|\bmy\s+goodbye\s+post\b|\bno\s+more\s+waiting\b",
    r"\bdo(?:ing)?\s+it\s+(?:as\s+soon\s+as|tonight|after\s+everyone'?s\s+asleep)\b",
    r"\bi'?ve\s+(?:already\s+)?(?:done|started)\s+it\b|\bi'?ve\s+already\s+started\b|\bits\s+done\b",
    r"\bnot\s+coming\s+back\b|\bgone\s+before\s+(?:the\s+sun|morning)\b|\bcouldn'?t\s+stay\b",
    r"\bwhoever\s+finds\b|\bso\s+someone\s+finds\s+me\b|\bwon'?t\s+stop\s+bleeding\b",
    r"\bnot\s+getting\s+on\s+it\b|\b(?:this|it)\s+(?:isn'?t|is\s+not)\s+your\s+fault\b",
    r"\btell\s+\w+\s+i'?m\s+sorry\b|\bnot\s+stopping\s+this\s+time\b",
]
SELF_HARM += [
    r"\bsh'?(?:d|ed)\b|\bsh\s+wise\b",
    r"\brelapse(?:d)?\b(?!\s+is\s+(?:part|normal|common))(?![^.!?]{0,25}\b(?:drink\w*|alcohol|smok\w*|vap\w*|weed|porn|sugar|diet|gambl\w*))",
    r"\b(?:tried|attempted)\s+to\s+(?:end\s+it|kill\s+myself|end\s+my\s+life)\b|\bmy\s+(?:suicide\s+)?attempt\b",
    r"\b(?:carved|scratched|scraped|scraping|cut|burn\w*|put\s+out\s+a\s+cigarette)\b[^.!?]{0,40}\b"
    r"(?:into|on|at)\s+my\s+(?:own\s+)?(?:arms?|wrists?|legs?|thighs?|stomach|hips?|skin|chest|neck)\b",
    r"\b(?:new|fresh)\s+(?:marks|cuts|ones)\b|\bpicking\s+at\s+the\s+cuts\b|\b(?:two|three|\d+)\s+cuts\b",
    r"\bcut\s+(?:really\s+)?deep\b|\bcut\s+for\s+the\s+first\s+time\b|\bdid\s+them\s+with\b",
    r"\baround\s+my\s+neck\b|\b(?:hit|bang\w*|slam\w*)\s+my\s+(?:head|fists?)\s+(?:against|on|into)\b",
]
ACCIDENT = re.compile(
    r"\b(?:accident(?:al(?:ly)?)?|by\s+mistake|cooking|chopping|slicing|shaving|paper\s+cut|kitchen|"
    r"knife\s+slipped|fell|tripped|the\s+oven|iron)\b",
    re.IGNORECASE,
)
METHOD = [
    r"\b(?:pills?|tablets?|meds|medication|sleeping\s+pills|painkillers|paracetamol|tylenol)\b",
    r"\b(?:rope|noose|hang(?:ing)?\s+myself|hanged)\b",
    r"\b(?:gun|pistol|rifle|firearm|bullet)\b",
    r"\b(?:bridge|rooftop|roof|ledge|jump(?:ing)?\s+(?:off|from|in\s+front))\b",
    r"\b(?:razor|blade|knife)\b",
    r"\b(?:train\s+tracks|in\s+front\s+of\s+a\s+(?:train|car|bus))\b",
    r"\b(?:how\s+many|how\s+much)\s+(?:\w+\s+){0,2}(?:would\s+it\s+take|to\s+take|is\s+lethal|"
    r"would\s+kill)\b",
    r"\blethal\s+dose\b",
]
PLAN = [
    r"\b(?:plan|planned|planning|made\s+a\s+plan)\b",
    r"\b(?:looked\s+up|researched|googled|searched)\s+(?:how|ways|what)\b",
    r"\b(?:wrote|written|writing|left)\s+(?:a|my)\s+(?:suicide\s+)?(?:note|letter)s?\b",
    r"\b(?:bought|buying|saving\s+up|stockpil\w*|hoard\w*|collected|collecting)\b",
    r"\b(?:gave|giving)\s+away\s+my\b",
    r"\bdecided\b",
    r"\b(?:picked|chose)\s+(?:a|the)\s+(?:date|day|place|spot)\b",
]
NOW_TIME = [
    r"\b(?:tonight|right\s+now|today|this\s+evening|in\s+an\s+hour|in\s+a\s+few\s+(?:minutes|hours)|"
    r"before\s+(?:morning|tomorrow)|this\s+weekend)\b",
]
NOW = [
    r"\b(?:have|got)\s+(?:the|a|my)\s+(?:\w+\s+)?(?:pills|gun|rope|knife|blade|razor)\s+"
    r"(?:right\s+)?(?:here|ready|with\s+me|in\s+front\s+of\s+me|in\s+my\s+hand)\b",
    r"\b(?:took|swallowed|taken)\s+(?:all|a\s+bunch|a\s+handful|the\s+whole|too\s+many|\d+)\b",
    r"\bstanding\s+on\s+(?:the|a)\s+(?:bridge|ledge|roof)\b",
]
GOODBYE = [
    r"\b(?:this\s+is|it'?s)\s+(?:my|the)\s+(?:last|final)\s+(?:entry|post|message|time|note|words)\b",
    r"\bgoodbye\s+(?:everyone|forever|world|all|to\s+everyone)\b",
    r"\bby\s+the\s+time\s+(?:you|anyone|someone)\s+(?:read|reads|find|finds|see|sees)\s+this\b",
    r"\bwon'?t\s+be\s+(?:here|around|alive)\s+(?:tomorrow|much\s+longer|by\s+(?:morning|tomorrow))\b",
    r"\b(?:tell|please\s+tell)\s+(?:my|them)\s+\w*\s*(?:i\s+love|that\s+i\s+loved)\b",
    r"\bi'?m\s+sorry\s+for\s+what\s+i'?m\s+about\s+to\s+do\b",
    r"\bthis\s+is\s+goodbye\b",
    r"\b(?:saying|said)\s+my\s+goodbyes\b",
]
RECENT = [
    r"\b(?:last\s+night|yesterday|this\s+morning|today|tonight|again|earlier|just\s+now|an\s+hour\s+ago|"
    r"this\s+week|the\s+other\s+day|right\s+now|keep|kept|still|started|been)\b",
]

# ---------------------------------------------------------------- what sets a match aside

NEGATION_BEFORE = re.compile(
    r"(?:n't\b|\b(?:never|not|no|nt|wouldn'?t|won'?t|don'?t|didn'?t|isn'?t|am\s+not|'m\s+not|"
    r"no\s+intention\s+of|no\s+plans?\s+to|not\s+going\s+to|would\s+never|could\s+never|"
    r"nothing\s+like)\b)[^.!?]{0,30}$",
    re.IGNORECASE,
)
NEGATION_AFTER = re.compile(
    r"^[^.!?]{0,12}\b(?:is|are|was|'s)\s+(?:not|never)\s+(?:something|an\s+option|on\s+the\s+table|"
    r"what\s+i\s+want)|^[^.!?]{0,12}\b(?:isn'?t|wasn'?t)\s+(?:something|an\s+option|on\s+the\s+table)",
    re.IGNORECASE,
)
# negations that do not negate: "can't stop thinking about", "nobody would notice if"
NOT_A_NEGATION = re.compile(
    r"\b(?:can'?t|cannot|couldn'?t|can\s+not)\s+stop\b|\bnobody\b|\bno\s+one\b|\bnot\s+sure\s+i\s+"
    r"(?:can|want)\b|\bno\s+longer\b|\bnot\s+(?:just|only)\b|\bdon'?t\s+know\s+(?:how|why|if)\b|"
    r"\bcan'?t\s+(?:take|do|handle|go\s+on)\b|\bnot\s+afraid\b|\bdon'?t\s+care\b",
    re.IGNORECASE,
)
HYPERBOLE_DEATH = re.compile(
    r"\b(?:die|dying|dead)\s+(?:if|of\s+(?:embarrassment|laughter|boredom|cringe|shame))\b|"
    r"\bkill\w*\s+myself\s+laughing\b|\b(?:caffeine|sugar|information|cuteness|carb|netflix|tv)\s+"
    r"overdose\b",
    re.IGNORECASE,
)
RECENT_EVENT = re.compile(
    r"\b(?:last\s+(?:night|week)|yesterday|this\s+(?:morning|week|weekend)|tonight|today|on\s+(?:monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday)|days\s+ago|just\s+now|again)\b",
    re.IGNORECASE,
)
LONG_AGO = re.compile(
    r"\b(?:\w+\s+)?years?\s+(?:ago|since)\b|\bas\s+a\s+(?:teen|teenager|kid|child)\b|\bwhen\s+i\s+was\s+\d+",
    re.IGNORECASE,
)
QUESTION = re.compile(r"\basked\s+(?:me\s+)?(?:if|whether|about)\b", re.IGNORECASE)
RECOVERY_BEFORE = re.compile(
    r"(?:free\s+from|without(?:\s+any)?|since\s+(?:i\s+)?last|clean\s+(?:of|from)|urges?\s+to|"
    r"old\s+me\s+would\s+have|used\s+to)\s*(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
NOT_ME = re.compile(
    r"\b(?:cat|dog|kitten|puppy|baby|he|she|they|it|someone|patient|client)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
JOKE = re.compile(
    r"\b(?:lol|lmao|lmfao|rofl|haha+|hehe|jk|jking|just\s+kidding|kidding|/s)\b|[😂🤣🙃😜😅💀]",
    re.IGNORECASE,
)
HYPERBOLE = re.compile(
    r"\bif\s+(?:i\s+have\s+to|i\s+hear|(?:he|she|they|you|my\s+\w+|someone)\s+\w+)\b[^.!?]*"
    r"\b(?:one\s+more|another|again)\b",
    re.IGNORECASE,
)
QUOTE_CUE = re.compile(
    r"\b(?:song|lyrics?|lyric|sings?|sang|singing|album|track|chorus|verse|rapper|band|"
    r"novel|book|chapter|poem|poet|character|protagonist|movie|film|show|episode|scene|play|"
    r"quote[sd]?|quoting|line\s+from|narrator|wrote\s+in|says\s+in)\b",
    re.IGNORECASE,
)
DISCUSSION_CUE = re.compile(
    r"\b(?:prevention|awareness|statistics?|rates?|hotline|helpline|crisis\s+line|volunteer(?:ed|ing)?|"
    r"training|lecture|class|course|seminar|documentary|article|research|study|studies|podcast|"
    r"psychology|warning\s+signs|risk\s+factors|campaign|essay|presentation|workshop|paper|group|"
    r"module|worksheet|journal\s+club|recert\w*|peer\s+support|nursing|urge\s+surfing|"
    r"means\s+restriction|ideation\s+(?:scale|screening)|safety\s+plan|read\s+that|notes\s+for|"
    r"lowers\s+risk)\b",
    re.IGNORECASE,
)
PAST_CUE = re.compile(
    r"\b(?:used\s+to|years?\s+ago|months\s+ago|back\s+(?:then|in|when)|when\s+i\s+was\s+(?:younger|a|"
    r"in|\d+)|in\s+(?:high\s+school|college|my\s+teens|the\s+past|\d{4})|at\s+my\s+lowest|"
    r"(?:in|during)\s+(?:my\s+)?(?:darkest|worst)|once\s+upon|as\s+a\s+(?:teen|kid)|at\s+\d+|"
    r"for\s+most\s+of\s+my|last\s+(?:summer|year|winter|spring|fall|autumn)|years?\s+since)\b",
    re.IGNORECASE,
)
RECOVERY_CUE = re.compile(
    r"\b(?:clean\s+for|sober\s+for|(?:haven'?t|have\s+not|hasn'?t)\s+(?:\w+\s+){0,3}(?:in|since|for)|"
    r"recover(?:ed|ing|y)|better\s+now|stronger|healing|healed|grateful|glad\s+i|proud|survived|"
    r"made\s+it\s+through|got\s+through|today\s+i|now\s+i|these\s+days|anymore|no\s+longer|"
    r"faded|flushed|quiet\s+and\s+good|someone\s+else|looked\s+back|this\s+(?:summer|year)|"
    r"finally|i'?m\s+\d+\s+now|new\s+me|free\s+from|sober|without\s+self)\b",
    re.IGNORECASE,
)
OTHER_PERSON = re.compile(
    r"\b(?:(?:my|our|a|her|his|their)\s+(?:\w+\s+)?(?:friend|bestie|bff|sister|brother|sibling|mom|"
    r"mum|mother|dad|father|son|daughter|kid|child|partner|wife|husband|girlfriend|boyfriend|gf|bf|"
    r"roommate|classmate|coworker|colleague|cousin|aunt|uncle|niece|nephew|student|client|neighbou?r|"
    r"teammate|buddy|mate|grandma|grandpa|ex|patient|guy|girl|coworker)s?|someone\s+(?:i\s+know|close\s+to\s+me)|"
    r"the\s+(?:guy|girl|woman|man|kid)\s+(?:on|in|at|from)\s+my|died\s+by\s+suicide|"
    r"\w+\s+friend\s+(?:said|says|told|texted|posted|mentioned)|"
    r"(?:he|she|they)\s+(?:said|says|told|texted|posted|wrote|keeps|has\s+been|is|was|wants|"
    r"mentioned|admitted))\b",
    re.IGNORECASE,
)
THIRD_SELF = re.compile(
    r"\b(?:him|her|them)sel(?:f|ves)\b|\b(?:his|her|their)\s+(?:own\s+)?(?:life|lives|wrists?|arms?)\b"
    r"|\b(?:he|she|they)\s+(?:wants?|wanted|is\s+going|was\s+going|might|could|will|would)\b",
    re.IGNORECASE,
)

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
_QUOTED = re.compile(
    r"[\"“”«»]([^\"“”«»]{3,})[\"“”«»]|(?<![a-z])'([^']{8,})'(?![a-z])", re.IGNORECASE
)


def _compile(patterns: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


_LAYERS = {
    "passive_ideation": _compile(PASSIVE),
    "active_ideation": _compile(ACTIVE),
    "self_harm": _compile(SELF_HARM),
    "preparation": _compile(PREPARATION),
    "imminent_act": _compile(IMMINENT_ACT),
}
_METHOD, _PLAN, _NOW, _NOW_TIME, _GOODBYE, _RECENT = map(
    _compile, (METHOD, PLAN, NOW, NOW_TIME, GOODBYE, RECENT)
)


@dataclass(frozen=True)
class Evidence:
    # passive_ideation, active_ideation, self_harm, method, plan, now, goodbye, third_person
    category: str
    start: int
    end: int


@dataclass(frozen=True)
class Assessment:
    severity: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    layer: str = "explicit"
    third_person: bool = False
    set_aside: list[str] = field(default_factory=list)  # why matches were not counted

    @property
    def at_risk(self) -> bool:
        return RANK[self.severity] >= RANK[ALERT_AT]

    def as_dict(self) -> dict[str, Any]:
        """Scores, labels and offsets only: safe for job results, audit rows and logs."""
        data = asdict(self)
        data["evidence"] = [asdict(e) for e in self.evidence]
        return data


THIRD_RISK = _compile(
    [
        r"\b(?:kill(?:ing|ed)?|hurt(?:ing)?|harm(?:ing)?|cut(?:ting)?|end(?:ing)?|off(?:ing)?|"
        r"starv(?:e|ing))\s+(?:him|her|them)sel(?:f|ves)\b",
        r"\b(?:end(?:ing)?|take|taking|took)\s+(?:his|her|their)\s+(?:own\s+)?li(?:fe|ves)\b",
        r"\b(?:he|she|they)\s+(?:\w+\s+){0,2}(?:want|wants|wanted|wanna)\s+to\s+die\b",
        r"\b(?:he|she|they)(?:'s|'re|\s+is|\s+are|\s+was|\s+were|\s+has\s+been|\s+have\s+been|"
        r"\s+seems?|\s+sounds?)\s+(?:\w+\s+)?(?:suicidal|cutting|self[\s-]?harming)\b",
        r"\b(?:has|have|had)\s+been\s+(?:cutting|self[\s-]?harming|burning)\b",
        r"\b(?:attempted|tried)\s+(?:suicide|to\s+kill)\b",
    ]
)
_CLAUSE_BREAK = re.compile(r"[,;:]|\s[-–—]\s|\bbut\b|\bthough\b|\bhowever\b", re.IGNORECASE)
PAST_VERB = re.compile(
    r"\b(?:wanted|was|were|used\s+to|tried|thought|felt|had|did|went\s+through|attempted|cut|hurt)\b",
    re.IGNORECASE,
)


def _sentences(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def _any(patterns: list[re.Pattern[str]], text: str) -> list[tuple[int, int]]:
    return [m.span() for p in patterns for m in p.finditer(text)]


def _inside_quotes(sentence: str, start: int, end: int) -> bool:
    return any(q.start() <= start and end <= q.end() for q in _QUOTED.finditer(sentence))


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause around a match: commas, semicolons and 'but' separate clauses."""
    cuts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(sentence) if m.end() <= start)]
    stops = [m.start() for m in _CLAUSE_BREAK.finditer(sentence) if m.start() >= end]
    return sentence[max(cuts) : min(stops) if stops else len(sentence)]


def _set_aside(sentence: str, start: int, end: int, whole: str) -> str | None:
    """Why a risk match in this sentence is not the writer's present risk, or None."""
    before, after = sentence[:start], sentence[end:]
    if JOKE.search(sentence) or HYPERBOLE.search(sentence) or HYPERBOLE_DEATH.search(sentence):
        return "idiom"
    if QUESTION.search(before) and not re.search(r"\b(?:yes|i\s+do|i\s+have)\b(?!n)", after, re.I):
        return "question"
    if OTHER_PERSON.search(sentence) and (
        THIRD_SELF.search(sentence)
        or not re.search(r"\b(?:i|i'm|i've|me|my\s*self)\b", before, re.I)
    ):
        return "third_person"
    clause_start = _CLAUSE_BREAK.split(before)[-1]
    if RECOVERY_BEFORE.search(clause_start):
        return "recovery"
    if NOT_ME.search(clause_start):
        return "not_the_writer"
    if ACCIDENT.search(sentence) and not re.search(r"\bon\s+purpose\b", sentence, re.IGNORECASE):
        return "accident"
    if _inside_quotes(sentence, start, end):
        if OTHER_PERSON.search(sentence):
            return "third_person"
        if QUOTE_CUE.search(whole) or not re.search(r"\b(?:i|i'm|me)\b", before, re.IGNORECASE):
            return "quotation"
    if QUOTE_CUE.search(sentence) and not re.search(
        r"\b(?:i|i'm|i've|me|my)\b", before, re.IGNORECASE
    ):
        return "quotation"
    if DISCUSSION_CUE.search(sentence) and not re.search(
        rf"\b(?:i|i'm|i've)\b[^.!?]{{0,20}}(?:want|think|feel|thinking|wish)|{_SELF}",
        sentence,
        re.IGNORECASE,
    ):
        return "discussion"
    clause_before = _CLAUSE_BREAK.split(before)[-1]
    if NEGATION_BEFORE.search(clause_before) and not NOT_A_NEGATION.search(clause_before):
        return "negation"
    if NEGATION_AFTER.search(after):
        return "negation"
    clause = _clause(sentence, start, end)
    if LONG_AGO.search(clause):
        return "recovery"
    if RECENT_EVENT.search(clause):
        return None
    if (PAST_CUE.search(sentence) or PAST_VERB.search(clause)) and RECOVERY_CUE.search(whole):
        return "recovery"
    return None


def screen(text: str, *, learned: bool | None = None) -> Assessment:
    """Screen one text for the writer's crisis risk.

    The explicit layer decides whenever it finds anything, including a reason to set a
    match aside. The learned layer (``learned=True``, or the ``crisis_learned_layer``
    setting) is asked only about texts the explicit layer found nothing in: paraphrases
    without the phrases. A learned hit is graded ``moderate``, enough to alert."""
    assessment = screen_explicit(text)
    if learned is None:
        from pipeline.settings import get_settings

        learned = get_settings().crisis_learned_layer
    own = [e for e in assessment.evidence if e.category != "third_person"]
    if not learned or assessment.severity != "none" or own or assessment.set_aside:
        return assessment
    from pipeline.crisis_model import get_learned_model

    model = get_learned_model()
    probability = float(model.probabilities([text])[0])
    if probability < model.threshold:
        return assessment
    return Assessment(
        severity="moderate",
        score=round(probability, 3),
        evidence=[Evidence("learned", 0, len(text))],
        layer="learned",
    )


def screen_explicit(text: str) -> Assessment:
    """Screen one text with the explicit layer alone."""
    evidence: list[Evidence] = []
    set_aside: list[str] = []
    third_person = False
    found: set[str] = set()
    sentences = _sentences(text)
    risky: set[int] = set()
    for index, (offset, sentence) in enumerate(sentences):
        for category, patterns in _LAYERS.items():
            for start, end in _any(patterns, sentence):
                reason = _set_aside(sentence, start, end, text)
                if reason == "third_person":
                    third_person = True
                    continue
                if reason:
                    set_aside.append(reason)
                    continue
                found.add(category)
                risky.add(index)
                evidence.append(Evidence(category, offset + start, offset + end))
                # "tonight", "right now": intent for now, when it sits with active risk
                if category != "passive_ideation":
                    for t_start, t_end in _any(_NOW_TIME, sentence):
                        found.add("now")
                        evidence.append(Evidence("now", offset + t_start, offset + t_end))
        for start, end in _any(THIRD_RISK, sentence):
            if OTHER_PERSON.search(sentence) or re.search(r"\b(?:he|she|they)\b", sentence, re.I):
                third_person = True
                evidence.append(Evidence("third_person", offset + start, offset + end))
        for start, end in _any(_GOODBYE, sentence):
            if not _set_aside(sentence, start, end, text):
                found.add("goodbye")
                risky.add(index)
                evidence.append(Evidence("goodbye", offset + start, offset + end))
    if re.search(r"\bi\s+love\s+you", text, re.I) and re.search(r"\b(?:goodbye|bye)\b", text, re.I):
        found.add("goodbye")
    # method, plan, timing and recency count next to a risk sentence (same or adjacent)
    near = {j for i in risky for j in (i - 1, i, i + 1) if 0 <= j < len(sentences)}
    for index in sorted(near):
        offset, sentence = sentences[index]
        for name, patterns in (("method", _METHOD), ("plan", _PLAN), ("now", _NOW)):
            for start, end in _any(patterns, sentence):
                if _set_aside(sentence, start, end, text) in (
                    "negation",
                    "quotation",
                    "discussion",
                ):
                    continue
                found.add(name)
                evidence.append(Evidence(name, offset + start, offset + end))
        if "self_harm" in found and _any(_RECENT, sentence):
            found.add("recent")
    severity = _severity(found)
    return Assessment(
        severity=severity,
        score=SCORES[severity],
        evidence=sorted(evidence, key=lambda e: e.start),
        layer="explicit",
        third_person=third_person,
        set_aside=sorted(set(set_aside)),
    )


def _severity(found: set[str]) -> str:
    ideation = found & {"active_ideation", "passive_ideation", "preparation"}
    if found & {"goodbye", "imminent_act"} or (
        "now" in found and (ideation or "self_harm" in found)
    ):
        return "imminent"
    if found & {"self_harm", "preparation"}:
        return "high"
    if "active_ideation" in found and found & {"method", "plan"}:
        return "high"
    if "passive_ideation" in found and found & {"method", "plan"}:
        return "high"
    if "active_ideation" in found:
        return "moderate"
    if "passive_ideation" in found:
        return "low"
    return "none"
