package io.cmmigration.dpshare.content;

/** The availability of one package on one DP, with a sentence for the administrator. */
public record ContentVerdict(ContentStatus status, String reason) {

    public boolean available() {
        return status == ContentStatus.AVAILABLE;
    }
}
