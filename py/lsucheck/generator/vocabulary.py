"""The words the generator draws from: common French first names and surnames, the collège's
disciplines with their SIECLE codes, programme elements, EPI and AP themes, and the phrase
fragments appreciations are assembled from.

Names are lists of *common* French first names and surnames combined at random, so no output
describes a real person. Discipline codes are SIECLE "codes matière" (6 characters): those marked
``nomenclature`` exist in the real Nomenclature.xml kept in ../shared (betagouv/dossiersco
2019-20); the others (070800 Technologie, 081300 Éducation musicale) are the codes of the ministry
sample and of the constructed Nomenclature (FORMAT.md §3, samples/SOURCES.md).
"""
from __future__ import annotations

#: the LSU import file's XML namespace
NS = "urn:fr:edu:scolarite:lsun:bilans:import"

PRENOMS_F = (
    "Emma", "Jade", "Louise", "Alice", "Chloé", "Lina", "Léa", "Rose", "Anna", "Mila", "Inès",
    "Ambre", "Julia", "Mia", "Léna", "Manon", "Juliette", "Lou", "Zoé", "Camille", "Agathe",
    "Sarah", "Romane", "Jeanne", "Eva", "Nina", "Lola", "Margaux", "Louna", "Clémence", "Lucie",
    "Charlotte", "Mathilde", "Capucine", "Victoire", "Adèle", "Héloïse", "Constance", "Apolline",
    "Élise", "Maëlys", "Océane", "Anaïs", "Clara", "Pauline", "Noémie", "Justine", "Marion",
    "Laura", "Elsa", "Yasmine", "Salomé", "Lisa", "Maëlle", "Axelle", "Iris", "Gabrielle",
    "Margot", "Emy", "Nour", "Lya", "Giulia", "Assia", "Soline", "Olivia", "Albane", "Léonie",
)
PRENOMS_M = (
    "Gabriel", "Léo", "Raphaël", "Louis", "Arthur", "Jules", "Adam", "Maël", "Lucas", "Hugo",
    "Noah", "Liam", "Gabin", "Sacha", "Paul", "Nathan", "Aaron", "Mohamed", "Ethan", "Tom",
    "Théo", "Noé", "Victor", "Martin", "Mathis", "Axel", "Léon", "Timéo", "Enzo", "Marius",
    "Clément", "Baptiste", "Antoine", "Maxime", "Alexandre", "Thomas", "Quentin", "Romain",
    "Valentin", "Nicolas", "Julien", "Bastien", "Florian", "Kylian", "Yanis", "Rayan", "Evan",
    "Samuel", "Simon", "Robin", "Mathéo", "Eliott", "Malo", "Côme", "Augustin", "Célestin",
    "Ilyes", "Amir", "Nolan", "Lenny", "Esteban", "Loïc", "Benjamin", "Oscar", "Titouan", "Isaac",
)
NOMS = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier",
    "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas",
    "Henry", "Roussel", "Mathieu", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie",
    "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly",
    "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard", "Roche",
    "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre",
    "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe", "Bourgeois",
    "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Guillaume", "Lecomte", "Lopez",
    "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin",
    "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein",
    "Jacquet", "Adam", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault",
    "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider",
    "Fernandez", "Le Gall", "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot",
    "Daniel", "Le Roux", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy", "Le Goff",
    "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal", "Weber", "Mallet",
    "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez", "Guichard", "Gillet",
    "Étienne", "Grondin", "Poulain", "Tessier", "Chevallier", "Collin", "Chauvin", "Da Silva",
    "Bouchet", "Gay", "Lemaître", "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret",
    "Barthélemy", "Cordier", "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier",
    "Carlier", "Laporte", "Benard", "Maréchal", "Ferrand", "Vallée", "Texier", "Gomez", "Navarro",
)

#: The collège's disciplines: code matière, LSU libellé (≤ 40), SIECLE labels (court, long,
#: édition), code gestion, niveaux taught, divisions per teacher (service size), whether the
#: code is in the real Nomenclature.xml.
DISCIPLINES = (
    # code,    libellé LSU,              court,                  long,                                 gestion, niveaux, div/prof, nomenclature
    ("020700", "Français",               "FRANCAIS",             "FRANCAIS",                           "FRANC", "6543", 4, True),
    ("061300", "Mathématiques",          "MATHEMATIQUES",        "MATHEMATIQUES",                      "MATHS", "6543", 4, True),
    ("030201", "Anglais LV1",            "ANGLAIS LV1",          "ANGLAIS LV1",                        "AGL1",  "6543", 5, True),
    ("030602", "Espagnol LV2",           "ESPAGNOL LV2",         "ESPAGNOL LV2",                       "ESP2",  "543",  6, True),
    ("043700", "Histoire-géographie",    "HISTOIRE-GEOGRAPHIE",  "HISTOIRE-GEOGRAPHIE",                "HI-GE", "6543", 4, True),
    ("062900", "Sciences de la vie et de la Terre", "SCIENCES VIE & TERRE", "SCIENCES DE LA VIE ET DE LA TERRE", "SVT", "6543", 7, True),
    ("062300", "Physique-chimie",        "PHYSIQUE-CHIMIE",      "PHYSIQUE-CHIMIE",                    "PH-CH", "6543", 7, True),
    ("070800", "Technologie",            "TECHNOLOGIE",          "TECHNOLOGIE",                        "TECHN", "6543", 7, False),
    ("100100", "Éducation physique et sportive", "ED.PHYSIQUE & SPORT.", "EDUCATION PHYSIQUE ET SPORTIVE", "EPS", "6543", 5, True),
    ("090100", "Arts plastiques",        "ARTS PLASTIQUES",      "ARTS PLASTIQUES",                    "A-PLA", "6543", 12, True),
    ("081300", "Éducation musicale",     "EDUCATION MUSICALE",   "EDUCATION MUSICALE",                 "EDMUS", "6543", 12, False),
)

#: SIECLE MEF codes of the collège's four levels (FORMAT.md §5, betagouv nomenclature_tout_niveau).
MEFS = {
    "6": ("10010012110", "6EME", "6EME", "6ème"),
    "5": ("10110001110", "5G", "5EME", "5ème"),
    "4": ("10210001110", "4G", "4EME", "4ème"),
    "3": ("10310019110", "3G", "3EME", "3ème"),
}

#: Skills named in appreciations, per discipline code.
SAVOIRS = {
    "020700": ("la lecture", "l'expression écrite", "l'orthographe", "l'étude de la langue",
               "l'oral", "la compréhension des textes", "la rédaction"),
    "061300": ("le calcul", "la résolution de problèmes", "la géométrie", "le calcul littéral",
               "le travail sur les fractions", "le raisonnement", "la rédaction des démonstrations"),
    "030201": ("l'oral", "la compréhension écrite", "le vocabulaire", "la grammaire",
               "l'expression écrite", "la compréhension de l'oral"),
    "030602": ("l'oral", "la prononciation", "le vocabulaire", "la conjugaison",
               "la compréhension de l'oral", "l'expression écrite"),
    "043700": ("l'analyse de documents", "la maîtrise des repères chronologiques", "le croquis",
               "la rédaction de paragraphes", "la connaissance des notions du programme", "la lecture de cartes"),
    "062900": ("la démarche d'investigation", "la réalisation de schémas", "le vocabulaire scientifique",
               "l'observation", "l'exploitation de documents", "la rédaction des comptes rendus d'expérience"),
    "062300": ("la démarche expérimentale", "la rigueur des calculs", "l'usage des unités", "la rédaction des comptes rendus",
               "la modélisation", "le vocabulaire scientifique"),
    "070800": ("la programmation", "la conduite de projet", "la démarche de projet", "la réalisation de croquis",
               "l'analyse d'objets techniques", "le travail en équipe"),
    "100100": ("l'athlétisme", "la pratique des sports collectifs", "la natation", "la gymnastique",
               "l'engagement physique", "le respect des règles"),
    "090100": ("la pratique plastique", "l'analyse d'œuvres", "la créativité", "la conduite de projet",
               "le vocabulaire plastique", "la présentation orale des travaux"),
    "081300": ("le chant", "l'écoute musicale", "la pratique vocale", "le projet musical",
               "le vocabulaire musical", "l'analyse d'œuvres"),
}

#: Programme elements per discipline code (≤ 300 characters, unique across the file).
ELEMENTS_PROGRAMME = {
    "020700": ("Lire et comprendre des textes variés", "Écrire des textes de genres différents",
               "Maîtriser l'orthographe grammaticale", "S'exprimer à l'oral de façon claire et organisée",
               "Étudier le fonctionnement de la phrase", "Découvrir le récit d'aventures",
               "Lire une œuvre intégrale et en rendre compte", "Enrichir son vocabulaire"),
    "061300": ("Utiliser les nombres décimaux et les fractions", "Résoudre des problèmes de proportionnalité",
               "Calculer avec des nombres relatifs", "Utiliser le calcul littéral",
               "Reconnaître et construire des figures géométriques", "Calculer des aires et des volumes",
               "Interpréter des représentations de données", "Écrire et exécuter un algorithme simple"),
    "030201": ("Comprendre un message oral simple", "Se présenter et parler de soi",
               "Lire et comprendre un texte court", "Rédiger un courriel ou un court récit",
               "Utiliser le présent et le prétérit", "Découvrir la culture des pays anglophones"),
    "030602": ("Saluer et se présenter en espagnol", "Comprendre des consignes simples",
               "Décrire son environnement proche", "Conjuguer les verbes réguliers au présent",
               "Découvrir la culture hispanique"),
    "043700": ("Se repérer dans le temps : frise chronologique", "Se repérer dans l'espace : cartes et croquis",
               "Analyser et comprendre un document", "Raconter et expliquer un fait historique",
               "Habiter une métropole", "Comprendre les grandes étapes de la Révolution française",
               "Pratiquer différents langages en histoire et en géographie"),
    "062900": ("Mettre en œuvre une démarche scientifique", "Décrire le fonctionnement du corps humain",
               "Comprendre la diversité du vivant", "Expliquer des phénomènes géologiques",
               "Adopter un comportement responsable vis-à-vis de l'environnement"),
    "062300": ("Décrire la constitution et les états de la matière", "Identifier les sources et les conversions d'énergie",
               "Caractériser un mouvement", "Réaliser un circuit électrique simple",
               "Pratiquer des démarches expérimentales"),
    "070800": ("Concevoir et réaliser un prototype", "Analyser le fonctionnement d'un objet technique",
               "Programmer un système simple", "Communiquer une solution technique à l'aide d'un croquis",
               "Comprendre le fonctionnement d'un réseau informatique"),
    "100100": ("Produire une performance optimale en course et en saut", "S'adapter aux contraintes d'un milieu en natation",
               "Conduire et maîtriser un affrontement collectif", "S'exprimer devant les autres par une prestation artistique",
               "Respecter les règles et assumer les rôles sociaux"),
    "090100": ("Expérimenter, produire, créer", "Mettre en œuvre un projet artistique",
               "S'exprimer, analyser sa pratique et celle de ses pairs", "Se repérer dans les domaines liés aux arts plastiques"),
    "081300": ("Chanter et interpréter", "Écouter, comparer et commenter des œuvres",
               "Explorer, imaginer et créer", "Échanger, partager et argumenter"),
}

#: EPI per level (cycle 4): thématique, intitulé, disciplines (codes), periods (indices).
#: "EPI_PAT" is a thématique declared in <epis-thematiques> (FORMAT.md §2.2 CodeThematiqueEpi).
EPIS = {
    "5": (("EPI_EDD", "L'eau, une ressource à préserver", ("062900", "062300")),
          ("EPI_PAT", "Le patrimoine de notre commune au Moyen Âge", ("043700", "090100"))),
    "4": (("EPI_SAN", "Bien manger, bien bouger", ("062900", "100100")),
          ("EPI_ICC", "Informer et s'informer : le journal du collège", ("020700", "070800"))),
    "3": (("EPI_PRO", "Découvrir le monde professionnel", ("020700", "070800")),
          ("EPI_LGE", "Voyage au cœur du monde hispanique", ("030602", "043700"))),
}
EPIS_THEMATIQUES_DECLAREES = (("EPI_PAT", "Patrimoine local"),)

#: Accompagnement personnalisé per level: intitulé, disciplines.
ACC_PERSOS = {
    "6": (("Méthodologie et organisation du travail", ("020700",)),
          ("Consolidation des automatismes en calcul", ("061300",))),
    "3": (("Préparation au diplôme national du brevet", ("020700", "061300")),),
}

PARCOURS = {
    "PAR_AVN": ("Découverte des métiers lors du forum des formations.",
                "Stage d'observation en milieu professionnel réalisé avec sérieux.",
                "Entretien personnalisé d'orientation avec le professeur principal."),
    "PAR_CIT": ("Participation à l'élection des délégués de classe.",
                "Engagement dans le conseil de la vie collégienne.",
                "Participation à la semaine de la presse et des médias."),
    "PAR_ART": ("Sortie au musée des beaux-arts et atelier de pratique.",
                "Participation à la chorale du collège.",
                "Spectacle vivant au théâtre municipal et rencontre avec les artistes."),
    "PAR_SAN": ("Séance de sensibilisation aux gestes de premiers secours.",
                "Atelier sur l'équilibre alimentaire avec l'infirmière scolaire.",
                "Intervention sur les dangers des écrans et le sommeil."),
}

PARCOURS_COMMUNS = {
    "PAR_CIT": "La classe a participé à la journée de la laïcité et à l'élection des délégués.",
    "PAR_ART": "Sortie de la classe au théâtre et atelier de pratique artistique au collège.",
    "PAR_SAN": "Intervention de l'infirmière scolaire sur le sommeil et l'hygiène de vie.",
    "PAR_AVN": "Visite du forum des métiers et des formations du bassin.",
}

VIE_SCOLAIRE_COMMUNS = (
    "Classe agréable dans l'ensemble ; la ponctualité reste à améliorer après les récréations.",
    "Bonne ambiance de classe. Les élèves respectent le règlement intérieur.",
    "Classe dynamique mais parfois bavarde ; l'attention doit rester constante.",
    "Groupe sérieux et respectueux, assiduité satisfaisante sur la période.",
)

COMMENTAIRES_VIE_SCOLAIRE = (
    "Élève ponctuel et assidu.",
    "Quelques retards à éviter en début de journée.",
    "Comportement correct dans l'établissement.",
    "Attention aux oublis de carnet de correspondance.",
    "Absences régulièrement justifiées par la famille.",
)

DEVOIRS_FAITS = (
    "Participe régulièrement au dispositif Devoirs faits avec sérieux.",
    "Fréquente Devoirs faits deux fois par semaine ; travail plus autonome.",
    "Inscrit à Devoirs faits ; une présence plus régulière serait profitable.",
)

COMMENTAIRES_EPI = (
    "Implication réelle dans le projet et production finale soignée.",
    "A su travailler en équipe et présenter le travail à l'oral.",
    "Participation inégale ; la production finale reste à approfondir.",
    "Très bon investissement dans toutes les étapes du projet.",
)

COMMENTAIRES_AP = (
    "Travail sérieux en accompagnement personnalisé ; des progrès dans l'organisation.",
    "Participation active ; les méthodes proposées commencent à être utilisées.",
    "Doit s'investir davantage pour tirer profit de ces séances.",
)

COMPLEMENTS_PPRE = (
    "PPRE en français : lecture et compréhension de consignes.",
    "PPRE en mathématiques : automatismes de calcul.",
)

# -- appreciations -----------------------------------------------------------------------------
# Bands by average: 0 très bien (≥ 16), 1 bien (≥ 13), 2 assez bien (≥ 10), 3 fragile (≥ 7),
# 4 en difficulté. Each appreciation = one opening + one remark on a skill + one piece of advice.
OUVERTURES = (
    ("Excellent trimestre.", "Très bon ensemble, bravo.", "Des résultats remarquables.",
     "Très bon travail, sérieux et régulier.", "Un ensemble de grande qualité."),
    ("Bon trimestre.", "Des résultats solides.", "Un bon ensemble.",
     "Travail sérieux et résultats satisfaisants.", "Un bon niveau, régulier."),
    ("Trimestre correct.", "Des résultats assez satisfaisants.", "Ensemble correct mais inégal.",
     "Des bases présentes, à consolider.", "Un travail correct dans l'ensemble."),
    ("Trimestre fragile.", "Des résultats encore insuffisants.", "Ensemble fragile.",
     "Des difficultés persistent.", "Les résultats restent en deçà des attentes."),
    ("Trimestre difficile.", "Des résultats très insuffisants.", "Des difficultés importantes.",
     "Le travail fourni ne permet pas de progresser.", "Ensemble très fragile."),
)
REMARQUES = (
    ("{Savoir} ne pose aucune difficulté et la participation enrichit le cours.",
     "L'élève fait preuve d'une grande rigueur, en particulier pour {savoir}.",
     "Les travaux rendus sont soignés et témoignent d'une réelle curiosité, notamment pour {savoir}.",
     "La compréhension des notions est fine ; {savoir} est un point fort."),
    ("Les acquis sont solides en ce qui concerne {savoir}, avec une participation régulière.",
     "Le travail personnel est sérieux et {savoir} progresse nettement.",
     "L'investissement en classe est réel ; {savoir} est un point d'appui.",
     "Les connaissances sont bien installées, en particulier pour {savoir}."),
    ("Les notions de base sont comprises mais {savoir} demande encore des efforts.",
     "La participation est irrégulière et {savoir} reste à consolider.",
     "Le travail est fait mais manque parfois d'approfondissement, notamment pour {savoir}.",
     "Des progrès sont visibles, même si {savoir} reste un point à travailler."),
    ("{Savoir} pose encore des difficultés et le travail personnel est insuffisant.",
     "La concentration en classe est trop fluctuante, ce qui pénalise {savoir}.",
     "Les leçons ne sont pas assez apprises et {savoir} reste fragile.",
     "Le manque de méthode se ressent, en particulier pour {savoir}."),
    ("{Savoir} reste un point faible et le travail demandé n'est pas toujours fait.",
     "L'attitude en classe ne permet pas de progresser, notamment pour {savoir}.",
     "Les bases manquent et {savoir} demande un travail régulier à la maison.",
     "Trop de travaux ne sont pas rendus ; {savoir} en souffre nettement."),
)
CONSEILS = (
    ("Continuez ainsi !", "Il faut maintenir cette belle dynamique.",
     "Poursuivez avec la même exigence.", "Bravo, gardez cette curiosité."),
    ("Il faut poursuivre ces efforts pour gagner encore en précision.",
     "Une participation orale plus fréquente serait un atout.",
     "Continuez à travailler avec régularité.", "Encore un peu plus d'approfondissement et ce sera excellent."),
    ("Un travail plus régulier à la maison permettrait de progresser.",
     "Il faut davantage soigner les travaux écrits.",
     "Une participation plus active est attendue.", "Relire ses leçons chaque soir aidera à consolider les acquis."),
    ("Il faut se mettre au travail avec davantage de régularité.",
     "Un effort de concentration est indispensable.",
     "N'hésitez pas à demander de l'aide et à participer au dispositif Devoirs faits.",
     "Il faut reprendre les notions non comprises avec méthode."),
    ("Un changement d'attitude est indispensable pour progresser.",
     "Il faut impérativement reprendre un travail régulier.",
     "Un accompagnement est proposé : il faut s'en saisir.",
     "Les efforts doivent être immédiats et soutenus."),
)

SYNTHESES_CONSEIL = (
    ("Excellent trimestre, félicitations du conseil de classe. Le travail est sérieux et régulier dans toutes les disciplines, et l'attitude en classe est exemplaire.",
     "Trimestre remarquable. Les résultats sont excellents et témoignent d'une grande maturité ; le conseil adresse ses félicitations.",
     "Très bon ensemble. L'investissement est constant et la participation enrichit la vie de la classe. Bravo et continuez ainsi."),
    ("Bon trimestre, compliments du conseil de classe. Les résultats sont solides ; il faut continuer à travailler avec la même régularité.",
     "Ensemble satisfaisant et travail sérieux. Une participation orale plus affirmée permettrait d'aller encore plus loin.",
     "Bon trimestre dans l'ensemble. Les efforts sont réguliers et les résultats encourageants ; il faut maintenir cette dynamique."),
    ("Trimestre correct mais inégal selon les disciplines. Un travail plus régulier à la maison permettrait de consolider les acquis.",
     "Des résultats moyens ; les capacités sont réelles mais le travail manque d'approfondissement. Il faut s'investir davantage.",
     "Ensemble assez satisfaisant. La concentration en classe doit devenir plus constante pour progresser au prochain trimestre."),
    ("Trimestre fragile. Les difficultés sont réelles dans plusieurs disciplines ; un travail régulier et une meilleure organisation sont indispensables.",
     "Les résultats sont insuffisants. Le conseil encourage à participer au dispositif Devoirs faits et à demander de l'aide.",
     "Ensemble fragile : les leçons doivent être apprises régulièrement et le travail demandé fait avec soin."),
    ("Trimestre très difficile. Le travail et l'attitude ne permettent pas de progresser ; un changement est attendu rapidement.",
     "Résultats très insuffisants. Le conseil de classe s'inquiète du manque de travail ; un rendez-vous avec la famille est souhaité.",
     "Les difficultés sont importantes dans la plupart des disciplines. Un engagement réel et immédiat est indispensable."),
)

FINS_SYNTHESE = (
    ("Le conseil de classe adresse ses félicitations.", "Bravo pour ce parcours exemplaire.",
     "Félicitations du conseil de classe."),
    ("Le conseil de classe adresse ses compliments.", "Continuez ainsi, c'est encourageant.",
     "Compliments du conseil de classe."),
    ("Le conseil de classe attend davantage de régularité.", "Des progrès sont possibles avec plus d'investissement.",
     "Il faut persévérer."),
    ("Le conseil de classe encourage à poursuivre les efforts.", "Un rendez-vous avec le professeur principal est conseillé.",
     "Il faut se ressaisir rapidement."),
    ("Le conseil de classe adresse une mise en garde sur le travail.", "Un rendez-vous avec la famille est souhaité.",
     "Un sursaut est attendu au prochain trimestre."),
)

SYNTHESES_CYCLE = (
    "Au terme du cycle {cycle}, {prenom} maîtrise très bien les compétences du socle. La curiosité, l'autonomie et la rigueur développées constituent de solides atouts pour la suite de la scolarité.",
    "Au terme du cycle {cycle}, {prenom} a acquis l'essentiel des compétences attendues. Les méthodes de travail sont en place ; il faut poursuivre les efforts pour consolider l'expression écrite.",
    "Au terme du cycle {cycle}, les acquis de {prenom} sont satisfaisants dans la plupart des domaines. Un travail plus régulier permettra de renforcer les domaines encore fragiles.",
    "Au terme du cycle {cycle}, {prenom} présente des acquis fragiles dans plusieurs domaines du socle. Un accompagnement et un travail personnel régulier restent nécessaires.",
    "Au terme du cycle {cycle}, la maîtrise du socle par {prenom} est insuffisante dans plusieurs domaines. Un suivi attentif sera nécessaire pour l'année prochaine.",
)

COMPETENCES_NUMERIQUES = (
    "Bonne prise en main des outils numériques du collège ; l'élève sait rechercher et organiser l'information.",
    "Utilise l'environnement numérique de travail avec aisance et respecte les règles de sécurité.",
    "Sait produire un document numérique simple ; la gestion des fichiers reste à consolider.",
    "Des progrès dans l'usage des outils de communication ; la recherche d'information doit être plus critique.",
)
COMPETENCES_NUMERIQUES_COMMUNS = (
    "La classe a travaillé l'usage de l'environnement numérique de travail, la recherche documentaire et la production d'un diaporama en technologie.",
    "Au cours de l'année, les élèves ont découvert le traitement de texte, la messagerie de l'ENT et les règles de sécurité sur internet.",
)
CODES_COMPETENCES_NUMERIQUES = (
    "CN_INF_MEN", "CN_INF_GER", "CN_INF_TRA", "CN_COM_INT", "CN_COM_PAR", "CN_COM_COL",
    "CN_COM_SIN", "CN_CRE_TEX", "CN_CRE_MUL", "CN_CRE_ADA", "CN_CRE_PRO", "CN_PRO_SEC",
    "CN_PRO_DON", "CN_PRO_SAN", "CN_ENV_RES", "CN_ENV_EVO",
)
DOMAINES_SOCLE = ("CPD_FRA", "CPD_ETR", "CPD_SCI", "CPD_ART", "MET_APP", "FRM_CIT", "SYS_NAT", "REP_MND")
