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
reason-cue = indice de remplissage « { $detail } »
reason-tail = après la fin de l’article (« { $detail } »)
reason-timestamp = durée de vidéo ou heure seule
reason-links = surtout des liens
reason-landmark = dans <{ $detail }>
reason-class-cue = dans un conteneur « { $detail } »
reason-short = trop court pour du texte courant
reason-duplicate = répété
reason-foreign = en { $detail }
reason-unfiltered = gardé (sans extraction du corps)
reason-outside = hors du conteneur de l’article
reason-apart = texte courant loin de l’article, dans un groupe bien plus petit
