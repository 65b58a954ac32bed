/**
 * The submitter's upload page: every label as a control that offers only allowed values, several files at once, an
 * outcome per file — through {@link de.verbund.ingest.submit.ReportSubmissions}, the pipeline of the JSON API.
 */
@NullMarked
package de.verbund.web.submit;

import org.jspecify.annotations.NullMarked;
