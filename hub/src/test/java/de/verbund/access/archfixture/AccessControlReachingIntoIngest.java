package de.verbund.access.archfixture;

import de.verbund.ingest.submit.ReportStore;

/** Breaks the module graph on purpose (access-control may not use ingest); only ModuleBoundaryTests imports it. */
class AccessControlReachingIntoIngest {

    ReportStore store;
}
