"""Search for the portal: syncing the built search records to Algolia."""
