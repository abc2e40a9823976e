# abrege — English messages. Every id here exists in locales/fr/abrege.ftl too
# (a test checks it). Numbers arrive as numbers; abrege formats them.

language-name = { $lang ->
    [fr] French
   *[en] English
}

summary-untitled = Untitled article
summary-frame = Article in { $lang ->
    [fr] French
   *[en] English
} · { $picked ->
    [one] { $picked } key point
   *[other] { $picked } key points
} out of { $total ->
    [one] { $total } sentence
   *[other] { $total } sentences
}
summary-time-saved = { $minutes ->
    [0] less than a minute of reading saved
    [one] about { $minutes } minute of reading saved
   *[other] about { $minutes } minutes of reading saved
}
summary-quoted = Key points quoted in { $lang ->
    [fr] French
   *[en] English
}, the article's language (no translation configured).
summary-untranslated = Key points quoted in { $lang ->
    [fr] French
   *[en] English
}, the article's language (the translation failed: see the warning).
summary-translated = Key points translated from { $lang ->
    [fr] French
   *[en] English
} by { $by }.
summary-original = original: { $text }
summary-byline = { $author } · { $date }
summary-author = By { $author }
summary-date = Published { $date }
# A publication date: $day and $month (1–12) are numbers, $year is text (no thousands separator).
date-written = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }

explain-heading = Why these sentences
explain-blocks = Blocks of the page ({ $kept } kept, { $dropped } dropped):
explain-kept = kept
explain-dropped = dropped
explain-scores = Sentence scores:
explain-score = score { $score } (position { $position }, centrality { $centrality }, title { $title })
explain-picked = picked

reason-paragraph = running text
reason-context = short text between paragraphs
reason-subheading = subheading
reason-title = the title
reason-date = date line
reason-byline = author line
reason-before-title = before the title (menu, labels)
reason-cue = boilerplate cue “{ $detail }”
reason-tail = after the end of the article (“{ $detail }”)
reason-timestamp = video duration or clock time
reason-links = mostly links
reason-landmark = inside <{ $detail }>
reason-class-cue = in a “{ $detail }” container
reason-short = too short to be running text
reason-duplicate = repeated
reason-foreign = in { $detail }
reason-unfiltered = kept (no body extraction)
reason-outside = outside the article’s container
reason-apart = running text far from the article, in a much smaller group
