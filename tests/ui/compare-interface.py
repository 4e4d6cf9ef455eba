#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# compare-interface.py CONTRACT.xml INTROSPECTED.xml INTERFACE
#
# Whether the interface as the running app introspects it has exactly the
# contract's methods, signals and arguments (names, types, directions).
# Prints the difference and fails if there is one.

import sys
import xml.etree.ElementTree as ET


def members(path, name):
    root = ET.parse(path).getroot()
    for interface in root.iter('interface'):
        if interface.get('name') == name:
            return sorted(
                (member.tag, member.get('name'),
                 tuple((arg.get('name'), arg.get('type'),
                        arg.get('direction', 'out' if member.tag == 'signal' else 'in'))
                       for arg in member.findall('arg')))
                for member in interface if member.tag in ('method', 'signal', 'property'))
    return None


contract = members(sys.argv[1], sys.argv[3])
exported = members(sys.argv[2], sys.argv[3])
if contract != exported:
    print('contract:', contract)
    print('exported:', exported)
    sys.exit(1)
