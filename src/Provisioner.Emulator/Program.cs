// Placeholder entry point; the project's issue fills it in.
return 0;
