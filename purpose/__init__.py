"""The Purpose Index survey and co-creation of the purpose."""
