-- Each enrolment rewrites its trial's allocator state row (about 1.5 KB compressed, at most about 2 KB inline:
-- beyond that TOAST moves the value out of line). With the default fillfactor, PostgreSQL prunes a page's dead
-- versions only once its free space falls below a tenth of the page, so once the free space sat between 0.8 KB and
-- the row's size the new version could neither stay on the page (a HOT update) nor make room: it went to a new
-- page, with a new index entry. One update in four did so, and without a vacuum the table and its index grew by a
-- page every four enrolments. Half-full pages are pruned while at least 4 KB remain free, so every update fits.
ALTER TABLE "allocator_states" SET (fillfactor = 50);
