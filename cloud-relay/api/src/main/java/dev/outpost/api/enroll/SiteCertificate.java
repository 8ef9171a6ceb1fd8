package dev.outpost.api.enroll;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.time.Instant;

/**
 * The relay's answer to an enrollment or a renewal: the site's certificate and the CA chain (both PEM), to be
 * pinned: from then on the site trusts only {@code ca_chain} for the relay.
 */
@Document("site_certificate")
public record SiteCertificate(String siteId, String serial, String certificate, String caChain, Instant notAfter) {
    public SiteCertificate {
        Fields.nonBlank("site_id", siteId);
        Fields.nonBlank("serial", serial);
        Fields.nonBlank("certificate", certificate);
        Fields.nonBlank("ca_chain", caChain);
        Fields.present("not_after", notAfter);
    }
}
