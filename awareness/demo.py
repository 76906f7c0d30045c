"""Demo: "Awarenesstoets 2024" (pass mark 80%), active, and Piet Bakker's open action.

Idempotent: a second run changes nothing. A test that has attempts is never rewritten.
"""

import datetime

from awareness.models import Attempt, AwarenessTest, Choice, Question
from awareness.services import active_test, awareness_actions_refresh, awareness_test_activate

NAME = "Awarenesstoets 2024"
YEAR = 2024

# (question nl, question en, required, explanation nl, explanation en,
#  [(choice nl, choice en)], index of the right choice, why nl, why en)
QUESTIONS = [
    (
        "Ik constateer op basis van CBS microdata dat er tegenstrijdigheden zitten in de antwoorden op onze in de RA gekoppelde survey. Mag ik deze antwoorden aanpassen in onze survey data buiten de RA?",
        "Based on CBS microdata I notice contradictions in the answers to our survey that we linked in the RA. May I correct these answers in our survey data outside the RA?",
        True,
        "Wat je in de RA ziet over personen of bedrijven blijft in de RA, ook als het je eigen data beter zou maken.",
        "What you see in the RA about persons or companies stays in the RA, even when it would improve your own data.",
        [
            (
                "Ja, natuurlijk. Onderzoek dient altijd te gebeuren op de best mogelijke brondata.",
                "Yes, of course. Research should always use the best possible source data.",
            ),
            (
                "Ja, dit is de uitzondering op de regel dat alleen veilig bevonden output gebruikt mag worden.",
                "Yes, this is the exception to the rule that only output found safe may be used.",
            ),
            (
                "Nee, gegevens op individueel niveau mogen niet gebruikt worden om de eigen administratie te verbeteren. Bovendien mogen individuele CBS-data de RA niet verlaten.",
                "No, data on individuals may not be used to improve your own records. Moreover, individual CBS data may not leave the RA.",
            ),
            (
                "Nee, behalve als ik toestemming heb van het CBS en de betreffende persoon.",
                "No, unless I have permission from CBS and the person concerned.",
            ),
        ],
        2,
        "CBS-microdata zijn alleen voor statistisch onderzoek. Ze gebruiken om gegevens over individuele personen of bedrijven aan te passen is nooit toegestaan.",
        "CBS microdata are for statistical research only. Using them to change data about individual persons or companies is never allowed.",
    ),
    (
        "Ik werk vanuit huis via een draadloos wifi thuisnetwerk. Mag dat?",
        "I work from home over a wireless home wifi network. Is that allowed?",
        True,
        "",
        "",
        [
            (
                "Ja, maar alleen als ik deze beveiligd heb met een wachtwoord.",
                "Yes, but only if I have secured it with a password.",
            ),
            ("Nee, dat mag nooit.", "No, never."),
            (
                "Nee, tenzij ik hiervoor toestemming vraag aan het CBS.",
                "No, unless I ask CBS for permission.",
            ),
            ("Ja, dat mag zonder verdere voorwaarden.", "Yes, without further conditions."),
        ],
        0,
        "Een thuisnetwerk mag, mits het versleuteld is met een sterk wachtwoord (WPA2 of beter). Een open netwerk kan door buren of voorbijgangers worden gebruikt.",
        "A home network is allowed if it is encrypted with a strong password (WPA2 or better). An open network can be used by neighbours or passers-by.",
    ),
    (
        "Ik ben op een congres en heb net een presentatie gegeven. Er kwamen vragen die ik niet direct kon beantwoorden.\n\nVia mijn laptop en een beveiligd wifinetwerk kan ik inloggen op de RA-omgeving en snel het een en ander uitzoeken zodat ik later op de dag de antwoorden kan geven. Mag dat?",
        "I am at a conference and have just given a presentation. There were questions I could not answer straight away.\n\nWith my laptop and a secured wifi network I can log in to the RA environment and quickly look things up, so that I can give the answers later that day. Is that allowed?",
        True,
        "",
        "",
        [
            (
                "Ja, het wifinetwerk is immers beveiligd.",
                "Yes, the wifi network is secured after all.",
            ),
            (
                "Ja, als ik in een hoekje ga zitten zodat niemand kan meekijken.",
                "Yes, if I sit in a corner so that nobody can look along.",
            ),
            (
                "Nee, inloggen op de RA mag niet vanaf een openbare plek zoals een congres.",
                "No, logging in to the RA is not allowed from a public place such as a conference.",
            ),
            (
                "Alleen als het congres in Nederland is.",
                "Only if the conference is in the Netherlands.",
            ),
        ],
        2,
        "Op een openbare plek kun je niet voorkomen dat anderen meekijken, en het netwerk is niet van jou of je instelling. Werk alleen vanaf je vaste, afgeschermde werkplek.",
        "In a public place you cannot prevent others from looking along, and the network is not yours or your institution's. Work only from your fixed, screened-off workplace.",
    ),
    (
        "Ik heb in de RA een tabel gemaakt die ik in een artikel wil gebruiken. Hoe krijg ik die buiten de RA?",
        "I made a table in the RA that I want to use in an article. How do I get it out of the RA?",
        True,
        "",
        "",
        [
            (
                "Ik kopieer de tabel via het klembord naar mijn eigen computer.",
                "I copy the table through the clipboard to my own computer.",
            ),
            (
                "Ik vraag de output aan bij CBS; pas na de outputcontrole wordt de tabel naar mij gestuurd.",
                "I request the output from CBS; only after the output check is the table sent to me.",
            ),
            (
                "Ik neem de getallen over op papier; dat is geen digitale export.",
                "I copy the figures on paper; that is no digital export.",
            ),
            (
                "Ik mail de tabel naar mezelf vanuit de RA.",
                "I email the table to myself from the RA.",
            ),
        ],
        1,
        "Alleen output die CBS heeft gecontroleerd op onthullingsrisico mag de RA verlaten. Overnemen, kopiëren of mailen omzeilt die controle.",
        "Only output that CBS has checked for disclosure risk may leave the RA. Copying it by hand, through the clipboard or by mail bypasses that check.",
    ),
    (
        "Tijdens een videovergadering wil ik mijn RA-scherm delen om een tussenresultaat te laten zien. Mag dat?",
        "During a video call I want to share my RA screen to show an intermediate result. Is that allowed?",
        True,
        "",
        "",
        [
            (
                "Ja, als alle deelnemers in hetzelfde project zitten.",
                "Yes, if all participants are on the same project.",
            ),
            ("Ja, als ik de vergadering niet opneem.", "Yes, if I do not record the meeting."),
            (
                "Ja, als het om geaggregeerde cijfers gaat.",
                "Yes, if the figures are aggregated.",
            ),
            (
                "Nee, schermdelen brengt niet-gecontroleerde gegevens buiten de RA.",
                "No, screen sharing takes unchecked data out of the RA.",
            ),
        ],
        3,
        "Een gedeeld scherm is output die niet is gecontroleerd: het beeld gaat via een dienst buiten de RA naar andere computers. Laat alleen gecontroleerde output zien.",
        "A shared screen is output that has not been checked: the picture travels through a service outside the RA to other computers. Show only checked output.",
    ),
    (
        "Een collega uit mijn project is zijn RSA-token vergeten. Mag hij mijn token en wachtwoord gebruiken om in te loggen?",
        "A colleague on my project has forgotten his RSA token. May he use my token and password to log in?",
        True,
        "",
        "",
        [
            (
                "Ja, hij zit immers in hetzelfde project.",
                "Yes, he is on the same project after all.",
            ),
            (
                "Nee, token en wachtwoord zijn persoonlijk en deel je nooit met iemand.",
                "No, token and password are personal and you never share them with anyone.",
            ),
            (
                "Ja, als ik zelf die dag niet inlog.",
                "Yes, if I do not log in myself that day.",
            ),
            (
                "Alleen met toestemming van de projectleider.",
                "Only with permission of the project leader.",
            ),
        ],
        1,
        "Toegang tot de RA is persoonlijk: CBS moet altijd weten wie er werkt. Wie jouw token gebruikt, werkt onder jouw naam en jij bent daarvoor verantwoordelijk.",
        "Access to the RA is personal: CBS must always know who is working. Whoever uses your token works under your name, and you are responsible for it.",
    ),
    (
        "Mag ik een foto maken van mijn scherm met de RA, of het scherm printen, om de resultaten later rustig na te lezen?",
        "May I take a photo of my screen with the RA, or print the screen, to read the results later at leisure?",
        True,
        "",
        "",
        [
            (
                "Ja, als ik de foto na gebruik verwijder.",
                "Yes, if I delete the photo after use.",
            ),
            (
                "Ja, printen mag wel, een foto niet.",
                "Yes, printing is allowed, a photo is not.",
            ),
            (
                "Nee, fotograferen, filmen en printen van het RA-scherm is niet toegestaan.",
                "No, photographing, filming and printing the RA screen is not allowed.",
            ),
            (
                "Ja, als er geen namen op het scherm staan.",
                "Yes, if there are no names on the screen.",
            ),
        ],
        2,
        "Een foto of afdruk is output die de RA verlaat zonder outputcontrole, ook als er geen namen in staan: ook zonder namen kunnen personen herkenbaar zijn.",
        "A photo or print-out is output leaving the RA without an output check, even without names: persons can be recognisable without names.",
    ),
    (
        "Een collega van mijn afdeling die niet in mijn project zit, vraagt naar mijn nog niet vrijgegeven resultaten. Mag ik die met hem delen?",
        "A colleague of my department who is not on my project asks about my results that have not been released yet. May I share them with him?",
        True,
        "",
        "",
        [
            (
                "Ja, hij werkt bij dezelfde instelling.",
                "Yes, he works at the same institution.",
            ),
            (
                "Ja, als ik hem vraag het vertrouwelijk te houden.",
                "Yes, if I ask him to keep it confidential.",
            ),
            (
                "Ja, mondeling mag wel, op papier niet.",
                "Yes, orally is fine, on paper is not.",
            ),
            (
                "Nee, resultaten die CBS nog niet heeft vrijgegeven deel ik alleen met de teamleden van het project.",
                "No, results that CBS has not released yet I share only with the project's team members.",
            ),
        ],
        3,
        "Alleen de teamleden van een project hebben toegang tot de gegevens van dat project. Met anderen deel je alleen output die door CBS is gecontroleerd en vrijgegeven.",
        "Only a project's team members have access to its data. With others you share only output that CBS has checked and released.",
    ),
    (
        "Ik ben ingelogd op de RA en ga even koffie halen. Wat doe ik met mijn werkplek?",
        "I am logged in to the RA and go to get a coffee. What do I do with my workstation?",
        True,
        "",
        "",
        [
            (
                "Niets, ik ben maar een paar minuten weg.",
                "Nothing, I am only away for a few minutes.",
            ),
            (
                "Ik vergrendel mijn scherm of log uit, ook als ik maar even weg ben.",
                "I lock my screen or log out, even if I am only away for a moment.",
            ),
            (
                "Ik zet mijn beeldscherm uit.",
                "I switch off my monitor.",
            ),
            (
                "Ik vraag een collega op mijn scherm te letten.",
                "I ask a colleague to keep an eye on my screen.",
            ),
        ],
        1,
        "Een onbeheerde, ontgrendelde werkplek geeft iedereen in de ruimte toegang tot de RA onder jouw naam. Een uitgezet beeldscherm is zo weer aan.",
        "An unattended, unlocked workstation gives anyone in the room access to the RA under your name. A switched-off monitor is switched on again in a second.",
    ),
    (
        "Ik ontdek dat er per ongeluk output met gegevens van individuele personen naar mij is verstuurd. Wat doe ik?",
        "I find that output with data on individual persons has been sent to me by mistake. What do I do?",
        True,
        "",
        "",
        [
            (
                "Ik verwijder het bestand en zeg er verder niets over.",
                "I delete the file and say nothing more about it.",
            ),
            (
                "Ik gebruik alleen de delen die wel veilig zijn.",
                "I use only the parts that are safe.",
            ),
            (
                "Ik meld het direct bij CBS Microdata Services, deel het met niemand en volg hun aanwijzingen.",
                "I report it to CBS Microdata Services straight away, share it with nobody and follow their instructions.",
            ),
            (
                "Ik meld het bij mijn leidinggevende aan het eind van het project.",
                "I report it to my manager at the end of the project.",
            ),
        ],
        2,
        "Een incident meld je meteen, ook als je het zelf al hebt opgelost: CBS moet kunnen nagaan wat er is gebeurd en voorkomen dat het nog eens gebeurt.",
        "You report an incident straight away, even if you have already solved it yourself: CBS must be able to find out what happened and prevent it from happening again.",
    ),
    (
        "Hoe vaak moet ik de awarenesstoets halen om Remote Access te houden?",
        "How often must I pass the awareness test to keep Remote Access?",
        False,
        "Deze vraag is niet verplicht, maar telt wel mee in de score.",
        "This question is optional, but it does count in the score.",
        [
            ("Eén keer, bij mijn eerste project.", "Once, with my first project."),
            ("Elk jaar.", "Every year."),
            ("Bij elk nieuw project.", "With every new project."),
            ("Alleen als CBS erom vraagt.", "Only when CBS asks for it."),
        ],
        1,
        "Een geslaagde toets is een jaar geldig. Ruim voordat die afloopt krijg je een actie om de toets opnieuw te maken.",
        "A pass is valid for one year. Well before it ends you get an action to take the test again.",
    ),
]


def load(stdout) -> None:
    test, _ = AwarenessTest.objects.get_or_create(
        year=YEAR, version=1, defaults={"name": NAME, "pass_mark": 80}
    )
    if not test.attempts.exists():
        _write_questions(test)
    if active_test() is None:
        awareness_test_activate(test=test, by=None)
    result = awareness_actions_refresh()
    stdout.write(
        f"Awareness test: {NAME} with {test.questions.count()} questions; "
        f"{result.created} open 'Awarenesstoets' action(s) created."
    )


def _write_questions(test: AwarenessTest) -> None:
    """Make the questions exactly as above (only for a test nobody has attempted)."""
    test.questions.filter(position__gte=len(QUESTIONS)).delete()
    for position, row in enumerate(QUESTIONS):
        text, text_en, required, explanation, explanation_en, choices, right, why, why_en = row
        question, _ = Question.objects.update_or_create(
            test=test,
            position=position,
            defaults=dict(
                text=text,
                text_en=text_en,
                required=required,
                explanation=explanation,
                explanation_en=explanation_en,
            ),
        )
        question.choices.filter(position__gte=len(choices)).delete()
        for index, (choice, choice_en) in enumerate(choices):
            Choice.objects.update_or_create(
                question=question,
                position=index,
                defaults=dict(
                    text=choice,
                    text_en=choice_en,
                    is_correct=index == right,
                    why=why if index == right else "",
                    why_en=why_en if index == right else "",
                ),
            )


# Rapportages' two years of history (reports.demo) writes these rows through here.
def demo_attempt(test: AwarenessTest, person, *, number: int, submitted_at, passed: bool) -> None:
    """An attempt begun twenty minutes before ``submitted_at`` and handed in then."""
    attempt = Attempt.objects.create(
        test=test,
        person=person,
        number=number,
        submitted_at=submitted_at,
        correct=9 if passed else 6,
        total=10,
        score=90 if passed else 60,
        passed=passed,
        valid_until=(submitted_at + datetime.timedelta(days=365)).date() if passed else None,
    )
    began = submitted_at - datetime.timedelta(minutes=20)
    Attempt.objects.filter(pk=attempt.pk).update(started_at=began)
