package dev.gofer.api;

/**
 * What every {@link ApiVerticle} instance of one server must agree on, because a browser's requests land on
 * whichever event loop takes the connection ({@link ApiInstances}): the dashboard's asset folder (an index
 * served by one instance names assets another serves) and the open download links (a link issued by one
 * instance is redeemed on another).
 */
record SharedByInstances(String assetStamp, DownloadLinks downloads) {

    /** New for each server start: a new asset folder, no open links. */
    static SharedByInstances create() {
        return new SharedByInstances(Long.toString(System.currentTimeMillis(), 36), new DownloadLinks(System::currentTimeMillis));
    }
}
