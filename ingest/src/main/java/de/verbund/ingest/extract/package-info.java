/** Text extraction from untrusted files with Apache Tika, bounded in output size. */
@NullMarked
package de.verbund.ingest.extract;

import org.jspecify.annotations.NullMarked;
