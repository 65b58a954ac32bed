/** {@code POST /api/v1/reports} and {@code /api/v1/reports/batch}: submission over HTTP (multipart). */
@NullMarked
package de.verbund.ingest.web;

import org.jspecify.annotations.NullMarked;
