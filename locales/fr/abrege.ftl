# abrege — messages français. Chaque identifiant existe aussi dans
# locales/en/abrege.ftl (un test le vérifie). Les nombres arrivent comme
# nombres ; abrege les formate (virgule décimale, espace fine insécable).
# { "\u202F" } est l'espace fine insécable de la typographie française.

language-name = { $lang ->
   *[fr] français
    [en] anglais
}

summary-untitled = Article sans titre
summary-frame = Article en { $lang ->
   *[fr] français
    [en] anglais
} · { $picked ->
    [one] { $picked } point clé
   *[other] { $picked } points clés
} sur { $total ->
    [one] { $total } phrase
   *[other] { $total } phrases
}
summary-time-saved = { $minutes ->
    [0] moins d’une minute de lecture gagnée
    [one] environ { $minutes } minute de lecture gagnée
   *[other] environ { $minutes } minutes de lecture gagnées
}
summary-quoted = Points clés cités en { $lang ->
   *[fr] français
    [en] anglais
}, la langue de l’article (aucune traduction configurée).
summary-untranslated = Points clés cités en { $lang ->
   *[fr] français
    [en] anglais
}, la langue de l’article (la traduction a échoué{ "\u202F" }: voir l’avertissement).
summary-translated = Points clés traduits { $lang ->
   *[fr] du français
    [en] de l’anglais
} par { $by }.
summary-original = original{ "\u202F" }: { $text }
summary-byline = { $author } · { $date }
summary-author = Par { $author }
summary-date = Publié le { $date }
# A publication date: $day and $month (1–12) are numbers, $year is text (no thousands separator).
date-written = { $day ->
    [1] 1er
   *[other] { $day }
} { $month ->
    [1] janvier
    [2] février
    [3] mars
    [4] avril
    [5] mai
    [6] juin
    [7] juillet
    [8] août
    [9] septembre
    [10] octobre
    [11] novembre
   *[12] décembre
} { $year }

explain-heading = Pourquoi ces phrases
explain-blocks = Blocs de la page ({ $kept } { $kept ->
    [one] gardé
   *[other] gardés
}, { $dropped } { $dropped ->
    [one] écarté
   *[other] écartés
}){ "\u202F" }:
explain-kept = gardé
explain-dropped = écarté
# One block's verdict and its reason, inside brackets.
explain-decision = { $verdict }{ "\u202F" }: { $reason }
explain-scores = Scores des phrases{ "\u202F" }:
explain-score = score { $score } (position { $position }, centralité { $centrality }, titre { $title })
explain-picked = retenue

reason-paragraph = texte courant
reason-context = texte court entre deux paragraphes
reason-subheading = intertitre
reason-title = le titre
reason-date = ligne de date
reason-byline = ligne d’auteur
reason-before-title = avant le titre (menu, étiquettes)
reason-cue = indice de remplissage «{ "\u202F" }{ $detail }{ "\u202F" }»
reason-tail = après la fin de l’article («{ "\u202F" }{ $detail }{ "\u202F" }»)
reason-timestamp = durée de vidéo ou heure seule
reason-links = surtout des liens
reason-landmark = dans <{ $detail }>
reason-class-cue = dans un conteneur «{ "\u202F" }{ $detail }{ "\u202F" }»
reason-short = trop court pour du texte courant
reason-duplicate = répété
reason-foreign = en { $detail }
reason-unfiltered = gardé (sans extraction du corps)
reason-outside = hors du conteneur de l’article
reason-apart = texte courant loin de l’article, dans un groupe bien plus petit

# Le rapport HTML (`--format html`).
report-key-points = Points clés
report-page = La page, bloc par bloc
report-legend = Les blocs gardés sont en clair{ "\u202F" }; les blocs écartés sont barrés et grisés, chacun avec sa raison (survolez ou touchez une étiquette pour le détail).
report-legend-scores = Les phrases retenues sont surlignées{ "\u202F" }; la barre devant une phrase est son score, ses critères s’affichent au survol.
report-show-dropped = Afficher les blocs écartés
report-blocks = { $kept } { $kept ->
    [one] bloc gardé
   *[other] blocs gardés
}, { $dropped } { $dropped ->
    [one] écarté
   *[other] écartés
}
report-extract-frame = { $lang ->
    [fr] Article en français
    [en] Article en anglais
   *[other] Langue non reconnue
}
report-warnings = Avertissements
report-kept = gardé
report-dropped = écarté
report-no-sentences = Aucune phrase candidate.
report-made-by = Rapport produit par abrege.
report-index-title = Rapports abrege
report-index-count = { $count } { $count ->
    [one] article
   *[other] articles
}{ $failed ->
    [0] {""}
    [one] , { $failed } en échec
   *[other] , { $failed } en échec
}
report-col-title = Titre
report-col-lang = Langue
report-col-points = Points clés
report-col-sentences = Phrases
report-col-blocks = Blocs gardés / écartés
report-index-skipped = à jour, pas relu
report-index-errors = Erreurs

# Infobulles des raisons, ce que l’étape du corps a vu.
hint-paragraph = Texte courant{ "\u202F" }: assez long, fait de phrases, peu de liens.
hint-context = Un texte court entre deux paragraphes gardés, donc dans l’article.
hint-subheading = Un intertitre de l’article{ "\u202F" }: gardé, jamais retenu comme point clé.
hint-title = Le titre de l’article{ "\u202F" }: affiché en haut, pas répété dans le corps.
hint-date = La date de publication{ "\u202F" }: lue comme métadonnée, pas comme texte.
hint-byline = La ligne d’auteur{ "\u202F" }: lue comme métadonnée, pas comme texte.
hint-before-title = Avant le titre{ "\u202F" }: menus, fil d’Ariane et étiquettes.
hint-cue = Contient une formule de remplissage (partage, lettre d’information, publicité).
hint-tail = Après une marque de fin d’article{ "\u202F" }: la suite est faite d’accroches et de publicités.
hint-timestamp = Seulement une durée de vidéo ou une heure.
hint-links = Surtout du texte de liens{ "\u202F" }: un menu ou une liste d’accroches.
hint-landmark = Dans un élément de remplissage (navigation, pied de page, encadré).
hint-class-cue = Dans un conteneur dont la classe ou l’identifiant désigne du remplissage.
hint-short = Trop court pour du texte courant, et pas entre deux paragraphes.
hint-duplicate = Le même texte est déjà venu plus haut dans la page.
hint-foreign = Dans une autre langue que le français et l’anglais.
hint-unfiltered = L’extraction du corps est désactivée{ "\u202F" }: tout est gardé.
hint-outside = Hors de l’élément qui contient l’article.
hint-apart = Du texte courant, mais loin de l’article, dans un groupe bien plus petit (le résumé d’une accroche).
# Le nom d’une colonne devant sa valeur, quand l’index tient en une colonne (écrans étroits).
report-label = { $label }{ "\u202F" }:
