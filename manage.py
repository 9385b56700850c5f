#!/usr/bin/env python
from yingji.cli import main

if __name__ == "__main__":
    main()
