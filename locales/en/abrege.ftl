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
# One block's verdict and its reason, inside brackets.
explain-decision = { $verdict }: { $reason }
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

# The HTML report (`--format html`).
report-key-points = Key points
report-page = The page, block by block
report-legend = Kept blocks are plain; dropped blocks are struck through and greyed, each with its reason (hover or tap a label for more).
report-legend-scores = Picked sentences are highlighted; the bar before a sentence is its score, its features show on hover.
report-show-dropped = Show dropped blocks
report-blocks = { $kept ->
    [one] { $kept } block kept
   *[other] { $kept } blocks kept
}, { $dropped } dropped
report-extract-frame = { $lang ->
    [fr] Article in French
    [en] Article in English
   *[other] Language not recognised
}
report-warnings = Warnings
report-kept = kept
report-dropped = dropped
report-no-sentences = No candidate sentence.
report-made-by = Report made by abrege.
report-index-title = abrege reports
report-index-count = { $count ->
    [one] { $count } article
   *[other] { $count } articles
}{ $failed ->
    [0] {""}
   *[other] , { $failed } failed
}
report-col-title = Title
report-col-lang = Language
report-col-points = Key points
report-col-sentences = Sentences
report-col-blocks = Blocks kept / dropped
report-index-skipped = up to date, not read again
report-index-errors = Errors

# Tooltips of the reasons: what the body stage saw.
hint-paragraph = Running text: long enough, made of sentences, few links.
hint-context = A short text between two kept paragraphs, so part of the article.
hint-subheading = A heading inside the article: kept, never picked as a key point.
hint-title = The article's title: shown at the top, not repeated in the body.
hint-date = The publication date: read as metadata, not as text.
hint-byline = The author line: read as metadata, not as text.
hint-before-title = Before the title: menus, breadcrumbs and labels.
hint-cue = Holds a phrase that marks page furniture (sharing, newsletters, ads).
hint-tail = After a marker that ends the article: what follows is teasers and ads.
hint-timestamp = Only a video duration or a clock time.
hint-links = Most of its text is link text: a menu or a list of teasers.
hint-landmark = Inside an element that holds page furniture (navigation, footer, aside).
hint-class-cue = Inside a container whose class or id names page furniture.
hint-short = Too short to be running text, and not between two paragraphs.
hint-duplicate = The same text came earlier on the page.
hint-foreign = In a language other than French and English.
hint-unfiltered = Body extraction is off: every block is kept.
hint-outside = Outside the element that holds the article.
hint-apart = Running text, but far from the article, in a much smaller group (a teaser's blurb).
# A column's name before its value, when the index is one column (narrow screens).
report-label = { $label }:
