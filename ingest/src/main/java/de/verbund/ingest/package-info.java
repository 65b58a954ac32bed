/** The ingest pipeline: extract (isolated Tika) → normalise → selectors → encrypt → vault → index. */
@NullMarked
package de.verbund.ingest;

import org.jspecify.annotations.NullMarked;
