"""An edition: sef.yml, its narrative, quotes, plan and areas for improvement, read and checked."""
